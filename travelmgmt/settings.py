"""Settings of travelmgmt: one module, every value from the environment (django-environ).

Development defaults exist only where DEBUG is on; in production the app refuses to start
without SECRET_KEY and ALLOWED_HOSTS. See .env.example for the full list of variables.
"""

import ipaddress
import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from core.countries import country_overrides
from travelmgmt import cache, logs, sentry
from travelmgmt.envsecret import env_secret

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env file (never committed) is read if present; real environment variables win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#debug
DEBUG = env.bool("DEBUG", default=False)

# https://docs.djangoproject.com/en/5.2/ref/settings/#secret-key
_DEV_SECRET_KEY = "django-insecure-dev-only-travelmgmt-not-for-production"
SECRET_KEY = env_secret("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
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

# The issuing province (or city) is data, not code, and one group: its name as written in
# running text; the site's name and the documents' headers and place derive from it unless set
# (Bình Dương merged into Hồ Chí Minh City on 1 July 2025).
PROVINCE_NAME = env.str("PROVINCE_NAME", default="Thành phố Hồ Chí Minh")
ORGANISATION_NAME = env.str("ORGANISATION_NAME", default=f"UBND {PROVINCE_NAME}")
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
    # Who changed master data, when, before and after (README: "History of master data").
    "simple_history",
    "core",
    "accounts",
    "agencies",
    # Who decides and signs: bodies, positions, the authority per level (issue 23).
    "authority",
    "plans",
    "trips",
    # The approval chain of a request and its decisions (issue 22): above trips and authority.
    "approvals",
    "passports",
    "reports",
    "analytics",
    "documents",  # the outgoing register, the issued PDFs and their signatures
    "portal",  # the top floor: home page, daily sweep, demo seed; it may import every app
    "registry",  # spreadsheet imports: above agencies and trips
    "calendars",  # iCalendar feeds of approved trips: above trips and documents
    "exports",  # large Excel exports built by a worker, with progress
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, not a CDN
    "api",
    # Operations: /metrics/ (Prometheus) and the request log (structlog).
    "django_prometheus",
    "django_structlog",
]

MIDDLEWARE = [
    # First and (nearly) last: the Prometheus request counters and latencies wrap everything.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication (it renews signed-in sessions only), after SessionMiddleware.
    "accounts.sessions.SlidingSessionMiddleware",
    # After authentication, so each request's log lines carry the user.
    "travelmgmt.middleware.RequestLogMiddleware",
    # Gives the history rows of master data the signed-in user (browser, admin, API).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
DATABASES = {
    "default": env.db_url_config(
        env_secret("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
    # Threads in tests need a file database, not :memory:.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test_db.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Beyond one machine: a read replica and a connection pooler.
# https://docs.djangoproject.com/en/5.2/topics/db/multi-db/
# With DATABASE_REPLICA_URL the statistics and exports read the replica (travelmgmt/routers.py);
# everything else, writes included, stays on the primary. Tests use the primary for both.
DATABASE_REPLICA_URL = env_secret("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": DATABASES["default"].get("CONN_HEALTH_CHECKS", False),
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["travelmgmt.routers.AnalyticsReplicaRouter"]
# https://docs.djangoproject.com/en/5.2/ref/databases/#transaction-pooling-and-server-side-cursors
# Behind PgBouncer in transaction mode a server connection serves another client after each
# transaction: no server-side cursors (they outlive the transaction) and no persistent
# connections in Django (PgBouncer pools them; a held one would pin a server connection).
DATABASE_POOLER_TRANSACTION_MODE = env.bool("DATABASE_POOLER_TRANSACTION_MODE", default=False)
if DATABASE_POOLER_TRANSACTION_MODE:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_POOLER_TRANSACTION_MODE is for PostgreSQL behind PgBouncer."
        )
    for _alias in DATABASES:
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
        DATABASES[_alias]["CONN_MAX_AGE"] = 0
        DATABASES[_alias]["CONN_HEALTH_CHECKS"] = False
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
# The client address that axes locks and the API throttles count. PROXY_COUNT reverse proxies
# stand in front (production: one nginx with `proxy_set_header X-Forwarded-For
# $proxy_add_x_forwarded_for;`). Each proxy APPENDS the address it received the request from,
# so the client is the PROXY_COUNT-th entry from the RIGHT; everything left of it is whatever
# the client sent and must never be trusted.
PROXY_COUNT = env.int("PROXY_COUNT", default=0 if DEBUG else 1)
if PROXY_COUNT:
    # The header first; a request that reached gunicorn without it (a local script, a probe)
    # is its socket peer, never "no address" (which would lock a username for everyone).
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # django-ipware takes entry [-(count + 1)] of a "left-most" chain: count = PROXY_COUNT - 1
    # is the PROXY_COUNT-th from the right. ("right-most" reverses the chain first, and so
    # counts from the left, the end the client writes.)
    AXES_IPWARE_PROXY_ORDER = "left-most"
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    # Not strict: extra (client-sent) entries on the left are normal and ignored. The legacy
    # engine, because the modern one honours quotes: a client-sent `"` would swallow the
    # entry nginx appends and make a spoofed entry the right-most (tested).
    IPWARE_STRICT = False
    IPWARE_ALGORITHM = "legacy"
else:
    # No proxy (a developer machine): the socket's peer; X-Forwarded-For is ignored.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
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
# Country names in Vietnamese from a reviewed table (core/data/countries.vi.tsv).
COUNTRIES_OVERRIDE = country_overrides()
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
# Spreadsheet imports (registry): the HR register's list of officials, past decided trips.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
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
# Source maps are read by a developer's browser tools only: not worth compressing. They are
# most of the API docs' bundles (about 6 MB), and compressing them was over a third of
# collectstatic's time (35 s → 22 s on a 2-core machine).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
# https://django-storages.readthedocs.io/en/latest/backends/amazon-S3.html
# Several web nodes share the uploads: MEDIA_ROOT on a shared volume (NFS), or an
# S3-compatible bucket (MinIO, a provincial cloud) when AWS_STORAGE_BUCKET_NAME is set. The
# bucket stays private: files are served only through the permission-checking views.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _s3 = {
        "bucket_name": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env_secret("AWS_ACCESS_KEY_ID"),
        "secret_key": env_secret("AWS_SECRET_ACCESS_KEY"),
        "location": env.str("AWS_LOCATION", default=""),
        "default_acl": None,  # the bucket's policy (private) decides
        "querystring_auth": True,
        "file_overwrite": False,
    }
    if not (_s3["access_key"] and _s3["secret_key"]):
        raise ImproperlyConfigured(
            "AWS_STORAGE_BUCKET_NAME is set: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
            "(or their _FILE variables) must be set too."
        )
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
elif env.str("AWS_S3_ENDPOINT_URL", default=""):
    raise ImproperlyConfigured("AWS_S3_ENDPOINT_URL is set without AWS_STORAGE_BUCKET_NAME.")

# https://django-environ.readthedocs.io/en/latest/types.html#environ-env-email-url
EMAIL_CONFIG = env.email_url_config(env_secret("EMAIL_URL", default="consolemail://"))
vars().update(EMAIL_CONFIG)
# The SMTP password may stay out of EMAIL_URL: EMAIL_HOST_PASSWORD or EMAIL_HOST_PASSWORD_FILE.
EMAIL_HOST_PASSWORD = env_secret(
    "EMAIL_HOST_PASSWORD", default=EMAIL_CONFIG.get("EMAIL_HOST_PASSWORD") or ""
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="travelmgmt@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# https://docs.celeryq.dev/en/stable/django/first-steps-with-django.html
# Without a broker the tasks run in-process (eager), so the embedded start needs no Redis.
CELERY_BROKER_URL = env_secret("CELERY_BROKER_URL") or None
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
if (CELERY_BROKER_URL or "").startswith("redis://"):
    # Kombu's Redis transport with one client per pool (a publish a third cheaper).
    CELERY_BROKER_TRANSPORT = "travelmgmt.broker:Transport"

# Production refuses the embedded defaults (a SQLite file, tasks in-process) unless told that a
# single-process installation is meant: a missing DATABASE_URL or CELERY_BROKER_URL is
# otherwise a forgotten variable, not a choice.
ALLOW_EMBEDDED_PRODUCTION = env.bool("ALLOW_EMBEDDED_PRODUCTION", default=False)
if not DEBUG and not ALLOW_EMBEDDED_PRODUCTION:
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        raise ImproperlyConfigured(
            "DATABASE_URL must point to PostgreSQL when DEBUG is off (the SQLite file is the "
            "developer default). Set ALLOW_EMBEDDED_PRODUCTION=true to run on SQLite on purpose."
        )
    if CELERY_BROKER_URL is None:
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL must be set when DEBUG is off (without it tasks run inside the "
            "web process). Set ALLOW_EMBEDDED_PRODUCTION=true to run tasks in-process on purpose."
        )

# The cache holds the API's throttle counters, so every gunicorn worker must see the same one:
# Redis in production (CACHE_URL; by default the broker's Redis), memory on a developer machine.
_SHARED_REDIS = CELERY_BROKER_URL if (CELERY_BROKER_URL or "").startswith("redis") else None
_CACHE_URL = env_secret("CACHE_URL") or (
    _SHARED_REDIS if not DEBUG and _SHARED_REDIS else "locmemcache://"
)
# Redis down is a cache miss, not a 500 (travelmgmt/cache.py).
CACHES = {"default": cache.cache_config(_CACHE_URL)}

# https://www.django-rest-framework.org/api-guide/settings/ — the JSON API of API.md:
# the browser session or "Authorization: Token <key>", paginated lists, one error format.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.ExpiringTokenAuthentication",
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
    # JSON nested too deep or carrying a lone surrogate is a 400, not a 500 (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DATE_FORMAT": "iso-8601",  # always four-digit years
    "DATE_INPUT_FORMATS": ["%Y-%m-%d"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The throttles' client address: the PROXY_COUNT-th X-Forwarded-For entry from the right
    # (0: the socket's peer), the same address django-axes locks.
    "NUM_PROXIES": PROXY_COUNT,
    # Sign-in attempts per client address (password spraying across usernames); counted in
    # the shared cache. Rates: "10/min", "100/hour".
    "DEFAULT_THROTTLE_RATES": {"auth": env.str("API_AUTH_THROTTLE_RATE", default="10/min")},
}
# API tokens end after this many hours (a new sign-in gives a new one) and on a password change.
API_TOKEN_LIFETIME_HOURS = env.float("API_TOKEN_LIFETIME_HOURS", default=24)
SPECTACULAR_SETTINGS = {
    "TITLE": "travelmgmt API",
    "DESCRIPTION": "Trips abroad of a province's officials: requests, decisions, reports, passports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our own static files (intranet, and the CSP).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A trip's kind appears in two components (Trip, PastTrip): one enum name for both.
    "ENUM_NAME_OVERRIDES": {"TripKindEnum": "trips.models.TripRequest.Kind"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_responses",
    ],
}

# https://docs.djangoproject.com/en/5.2/topics/http/sessions/
# Sessions end after inactivity (default 30 minutes): the sliding session middleware renews
# a signed-in session at most once a minute, so that page views do not write.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_REFRESH_SECONDS = 60
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

# Operations: logs, errors, metrics, health (README "Production").
# https://django-structlog.readthedocs.io/ — one line per event with request_id, user_id and
# the client address; JSON in production, readable lines on a developer machine.
LOG_FORMAT = env.str("LOG_FORMAT", default="console" if DEBUG else "json")
if LOG_FORMAT not in ("json", "console"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or console.")
LOGGING = logs.logging_config(
    json=LOG_FORMAT == "json", level=env.str("LOG_LEVEL", default="INFO").upper()
)
# Trust the X-Request-ID of the proxy (nginx: proxy_set_header X-Request-ID $request_id), so a
# request has one id from the proxy's log to ours; off when clients reach the app directly.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = env.bool("LOG_TRUST_REQUEST_ID", default=False)
DJANGO_STRUCTLOG_CELERY_ENABLED = True  # tasks log the request id that queued them
# https://docs.sentry.io/platforms/python/integrations/django/ — off unless SENTRY_DSN is set.
SENTRY_DSN = env_secret("SENTRY_DSN")
if SENTRY_DSN:
    sentry.init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
# /metrics/ (travelmgmt/metrics.py): a bearer token, or a direct scrape from these networks.
METRICS_TOKEN = env_secret("METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise ImproperlyConfigured("METRICS_TOKEN must be at least 32 characters.")
try:
    METRICS_ALLOWED_NETWORKS = [
        ipaddress.ip_network(network)
        for network in env.list(
            "METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128"] if DEBUG else []
        )
    ]
except ValueError as _error:
    raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS: {_error}") from None
# The catch-up's interval (the beat schedule in travelmgmt/celery.py reads the same variable),
# and the age of the oldest waiting email or document past which /healthz/ says "degraded"
# (the backlog is also in /metrics/).
CATCH_UP_MINUTES = env.int("CATCH_UP_MINUTES", default=5)
BACKLOG_ALERT_MINUTES = env.int("BACKLOG_ALERT_MINUTES", default=30)
# A large Excel export (exports.services) whose worker wrote no progress for this long lost
# its worker: the catch-up queues it again, up to EXPORT_MAX_ATTEMPTS runs, then it fails
# with a message and the user may ask again. Progress is written every 500 rows (seconds).
EXPORT_STALE_MINUTES = env.int("EXPORT_STALE_MINUTES", default=10)
EXPORT_MAX_ATTEMPTS = env.int("EXPORT_MAX_ATTEMPTS", default=3)
# The load balancer and Prometheus talk plain HTTP to the node: no redirect to HTTPS there.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$", r"^metrics/$"]

# Beyond one machine (README "Production"): the web nodes keep nothing of their own; the
# cache (above) is the shared Redis in production.
# Sessions live in the database: they survive a Redis restart (Redis holds only the queue and
# the cache, nothing to back up) and every node sees them. A page view reads one row by
# primary key; the sliding session writes it at most once a minute.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# The policy of ../shared/docs/POLICY.md: a province may change a number or switch a rule off
# without touching code. Each POLICY_<NAME> of the environment overrides the
# default declared beside the rule that reads it (trips/policy/config.py checks the names and
# types; .env.example lists them). POLICY_DISABLED_RULES and POLICY_ENABLED_OPTIONAL_RULES
# are comma-separated codes; the optional rules of other provinces (Hà Nội) are off by default.
TRAVEL_POLICY = {
    name.removeprefix("POLICY_"): value
    for name, value in os.environ.items()
    if name.startswith("POLICY_")
}
# The approval chain is data since issue 23: the competent authority per management level
# (authority.Authority, API `authorities/`, README "Approval chain"), not a setting.
# A step waiting longer than this many working days is flagged and escalated once by email to
# the step's principals and the Department's head (the login named here, if any).
APPROVAL_SLA_WORKING_DAYS = env.int("APPROVAL_SLA_WORKING_DAYS", default=3)
APPROVAL_DEPARTMENT_HEAD = env.str("APPROVAL_DEPARTMENT_HEAD", default="")
# The longest substitution (ủy quyền), in days, first and last day included (issue 23).
SUBSTITUTION_MAX_DAYS = env.int("SUBSTITUTION_MAX_DAYS", default=90)
# 24 November (Ngày Văn hóa Việt Nam) is a holiday in the `holidays` library from 2026, but the
# Labor Code has not been amended yet: off until the law says so.
CALENDAR_CULTURE_DAY_IS_HOLIDAY = env.bool("CALENDAR_CULTURE_DAY_IS_HOLIDAY", default=False)

# The documents the system issues (Decree 30/2020/NĐ-CP): the issuing bodies' names and the
# short names used in the symbols (05/QĐ-UBND), the place printed before the date. The
# bodies' names and symbols seed authority.Body once (its data migration); from then on the
# administrator sets them there.
# https://vanban.chinhphu.vn/?pageid=27160&docid=200150
DOCUMENT_PLACE = env.str("DOCUMENT_PLACE", default=PROVINCE_NAME)
DOCUMENT_PROVINCE_NAME = env.str("DOCUMENT_PROVINCE_NAME", default=PROVINCE_NAME.upper())
DOCUMENT_PROVINCE_BODY = env.str("DOCUMENT_PROVINCE_BODY", default="ỦY BAN NHÂN DÂN")
DOCUMENT_PROVINCE_SHORT = env.str("DOCUMENT_PROVINCE_SHORT", default="UBND")
DOCUMENT_DEPARTMENT_BODY = env.str("DOCUMENT_DEPARTMENT_BODY", default="SỞ NỘI VỤ")
DOCUMENT_DEPARTMENT_NAME = env.str("DOCUMENT_DEPARTMENT_NAME", default="Sở Nội vụ")
DOCUMENT_DEPARTMENT_SHORT = env.str("DOCUMENT_DEPARTMENT_SHORT", default="SNV")
# The legal bases a decision and a proposal cite, in order (JSON list): each {"kind", "number",
# "date" (yyyy-mm-dd), "issuer", "title"}; what is empty is left out of the printed line. The
# province's letter has no known number or date yet: the province enters them here.
DOCUMENT_LEGAL_BASES = env.json(
    "DOCUMENT_LEGAL_BASES",
    default=[
        {
            "kind": "Luật Xuất cảnh, nhập cảnh của công dân Việt Nam",
            "number": "49/2019/QH14",
            "date": "2019-11-22",
            "issuer": "",
            "title": "",
        },
        {
            "kind": "Công văn",
            "number": "",
            "date": "",
            "issuer": "Ủy ban nhân dân tỉnh Bình Dương",
            "title": "về tăng cường công tác quản lý cán bộ, công chức, viên chức đi nước ngoài",
        },
    ],
)
# PAdES signatures (pyHanko): a PKCS#12 file, its password, and the trust roots (PEM) that
# verification accepts. With DEBUG on and none set, a throw-away CA is made under MEDIA_ROOT;
# with DEBUG off and none set, decisions are refused rather than issued unsigned.
# https://docs.pyhanko.eu/en/latest/lib-guide/signing.html
SIGNING_PKCS12_FILE = env_secret("SIGNING_PKCS12_FILE")
SIGNING_PKCS12_PASSWORD = env_secret("SIGNING_PKCS12_PASSWORD")
SIGNING_TRUST_ROOTS = env_secret("SIGNING_TRUST_ROOTS")
# PAdES baseline (ETSI EN 319 142-1): each signature gets an RFC 3161 timestamp from this TSA
# (B-T) and embeds its chain's OCSP/CRL answers (B-LT). Unset: only a throw-away signer (DEBUG,
# CI) signs, with its own throw-away TSA; a real key without a TSA is refused.
SIGNING_TSA_URL = env.str("SIGNING_TSA_URL", default="")
# Where the issuing body's key lives: "pkcs12" (the file above) or "pkcs11" (a token or HSM:
# the module's path, the token's label, the key's and certificate's labels, the user PIN).
# https://docs.pyhanko.eu/en/latest/lib-guide/signing.html#pkcs11-signing
SIGNING_BODY_KEY = env.str("SIGNING_BODY_KEY", default="pkcs12")
SIGNING_PKCS11_MODULE = env.str("SIGNING_PKCS11_MODULE", default="")
SIGNING_PKCS11_TOKEN = env.str("SIGNING_PKCS11_TOKEN", default="")
SIGNING_PKCS11_KEY_LABEL = env.str("SIGNING_PKCS11_KEY_LABEL", default="")
SIGNING_PKCS11_CERT_LABEL = env.str("SIGNING_PKCS11_CERT_LABEL", default="")
SIGNING_PKCS11_PIN = env_secret("SIGNING_PKCS11_PIN")
# Every decision carries the decider's own signature (their credential and signing PIN) before
# the body's; a decider without a credential cannot decide. Off only in tests that are not
# about signatures (documents/testing.py).
SIGNING_PERSONAL_REQUIRED = env.bool("SIGNING_PERSONAL_REQUIRED", default=True)
# The key that encrypts people's uploaded PKCS#12 credentials at rest (any long random string;
# unset: derived from SECRET_KEY, so rotating SECRET_KEY then makes them unreadable).
SIGNING_CREDENTIALS_KEY = env_secret("SIGNING_CREDENTIALS_KEY")
# Seconds to wait for the TSA, OCSP/CRL servers and the remote-signing service.
SIGNING_TIMEOUT = env.int("SIGNING_TIMEOUT", default=10)
# The OCSP/CRL answers a signature embeds are reused by the next ones until their nextUpdate,
# and never longer than this (seconds): how late, at most, a revocation is noticed.
SIGNING_REVOCATION_CACHE_SECONDS = env.int("SIGNING_REVOCATION_CACHE_SECONDS", default=300)
# Wrong signing PINs in a row after which a personal credential is locked until an
# administrator unlocks it (the admin's "Mở khóa" action), as a token locks its PIN.
SIGNING_PIN_MAX_ATTEMPTS = env.int("SIGNING_PIN_MAX_ATTEMPTS", default=5)

if DEBUG and env.bool("SQL_DEBUG", default=False):  # pragma: no cover - a developer's switch
    LOGGING["loggers"]["django.db.backends"] = {"level": "DEBUG"}
