"""Settings of travelmgmt: one module, every value from the environment (django-environ).

Development defaults exist only where DEBUG is on; in production the app refuses to start
without SECRET_KEY and ALLOWED_HOSTS. See .env.example for the full list of variables.
"""

from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (never committed) is read if present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
_DEV_SECRET_KEY = "django-insecure-dev-only-travelmgmt-not-for-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The province (or city) running the system is data, not code: Bình Dương merged into
# Hồ Chí Minh City on 1 July 2025.
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default="UBND tỉnh Bình Dương")
# The address people open, for links in emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_countries",
    "django_filters",
    "axes",
    "core",
    "accounts",
    "agencies",
    "plans",
    "trips",
    "passports",
    "reports",
    "analytics",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "travelmgmt.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.organisation",
                "csp.context_processors.nonce",
                "core.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "travelmgmt.wsgi.application"

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-db-url
# Default: a SQLite file in the project folder. IMMEDIATE transactions make SQLite take the
# write lock at BEGIN, so concurrent writers wait (timeout) instead of failing mid-transaction.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Threads in tests need a file database, not :memory:.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
# Repeated failed sign-ins lock that username from that address for a while (not forever,
# and not a whole office behind one NAT address).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Behind the reverse proxy the client address is in X-Forwarded-For (one proxy by default).
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0 if DEBUG else 1)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# https://docs.djangoproject.com/en/5.2/topics/i18n/
# Vietnamese first, English second. Dates dd/mm/yyyy via our formats module (Django's `vi`
# locale has no DATE_INPUT_FORMATS and would parse 05/04/2026 as 4 May).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["travelmgmt.formats"]
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

# https://docs.djangoproject.com/en/5.2/howto/static-files/ and WhiteNoise in production
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents live outside the static path and are served by a permission-checking view.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Documents attached to requests (POLICY: invitation, programme, cost estimate).
DOCUMENT_MAX_BYTES = env.int("DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="travelmgmt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# Without a broker the tasks run in-process (eager), so the embedded start needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL is None
# In-process, a failing email must not turn a committed change into an error page; the
# task retries, and the daily sweep sends what is still unsent.
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# https://www.django-rest-framework.org/api-guide/settings/ — the JSON API of API.md:
# the browser session or "Authorization: Token <key>", paginated lists, one error format.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # The browsable API (forms with choices) only with DEBUG on; JSON in production.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.BrowsableOnlyInDebug",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATE_FORMAT": "iso-8601",  # always four-digit years
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "travelmgmt API",
    "DESCRIPTION": "Trips abroad of a province's officials: requests, decisions, reports, passports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# https://docs.djangoproject.com/en/5.2/topics/http/sessions/
# Sessions end after inactivity (default 30 minutes), refreshed on every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# https://django-csp.readthedocs.io/en/latest/configuration.html
# Scripts only from this server or with the per-request nonce; htmx's inline indicator
# styles are switched off in base.html, so no 'unsafe-inline' anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# https://docs.djangoproject.com/en/5.2/howto/deployment/checklist/
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in at INFO; lockouts (WARNING) are what matters.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The policy of ../shared/docs/POLICY.md: thresholds and switches, with its defaults.
# A province may change a number or switch a rule off without touching code.
TRAVEL_POLICY = {
    "MAX_DELEGATION_SIZE": env.int("POLICY_MAX_DELEGATION_SIZE", default=10),
    "MAX_BUSINESS_TRIPS_PER_YEAR": env.int("POLICY_MAX_BUSINESS_TRIPS_PER_YEAR", default=2),
    "LARGE_DELEGATION_SIZE": env.int("POLICY_LARGE_DELEGATION_SIZE", default=5),
    "YEAR_EDGE_DAYS": env.int("POLICY_YEAR_EDGE_DAYS", default=15),
    "PASSPORT_VALIDITY_MONTHS": env.int("POLICY_PASSPORT_VALIDITY_MONTHS", default=6),
    "REPORT_DUE_WORKING_DAYS": env.int("POLICY_REPORT_DUE_WORKING_DAYS", default=7),
    "PASSPORT_RETURN_WORKING_DAYS": env.int("POLICY_PASSPORT_RETURN_WORKING_DAYS", default=5),
    # Optional rules of other provinces (Hà Nội): off by default.
    "MAX_TRIP_DAYS": env.int("POLICY_MAX_TRIP_DAYS", default=10),
    "MAX_COUNTRIES": env.int("POLICY_MAX_COUNTRIES", default=3),
    "DISABLED_RULES": env.list("POLICY_DISABLED_RULES", default=[]),
    "ENABLED_OPTIONAL_RULES": env.list("POLICY_ENABLED_OPTIONAL_RULES", default=[]),
}
# 24 November (Ngày Văn hóa Việt Nam) is a holiday in the `holidays` library from 2026, but the
# Labor Code has not been amended yet: off until the law says so.
CALENDAR_CULTURE_DAY_IS_HOLIDAY = env.bool("CALENDAR_CULTURE_DAY_IS_HOLIDAY", default=False)

if DEBUG and env.bool("SQL_DEBUG", default=False):  # pragma: no cover - a developer's switch
    LOGGING["loggers"]["django.db.backends"] = {"level": "DEBUG"}
