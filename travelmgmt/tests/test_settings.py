import os
import subprocess
import sys

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

# What production sets (README, Production). Settings are only read here: nothing connects to
# this database or broker.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "production-secret-for-the-check-only-0123456789",
    "ALLOWED_HOSTS": "travel.example.gov.vn",
    "DATABASE_URL": "postgres://travelmgmt@127.0.0.1:5432/travelmgmt_settings_only",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


def run_django(code_or_args, **env_overrides):
    # The test run's own variables (a CI database, a broker) must not leak into the process.
    unset = (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "PROXY_COUNT",
        "ALLOW_EMBEDDED_PRODUCTION",
    )
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(env_overrides)
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SETUP = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='travelmgmt.settings'; django.setup()"
)


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS"],
)
def test_production_refuses_to_start_without_secret_or_hosts(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = run_django(SETUP, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_the_development_secret_key():
    result = run_django(
        SETUP,
        **{
            **PRODUCTION_ENV,
            "SECRET_KEY": "django-insecure-dev-only-travelmgmt-not-for-production",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_check_deploy_reports_nothing_with_production_variables():
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["DATABASE_URL", "CELERY_BROKER_URL"])
def test_production_refuses_the_embedded_defaults_unless_allowed(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    refused = run_django(SETUP, **env)
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr
    assert missing in refused.stderr and "ALLOW_EMBEDDED_PRODUCTION=true" in refused.stderr

    allowed = run_django(
        SETUP + "; from django.conf import settings as s;"
        " print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)",
        **env,
        ALLOW_EMBEDDED_PRODUCTION="true",
    )
    assert allowed.returncode == 0, allowed.stderr
    engine, eager = allowed.stdout.split()
    assert (engine == "django.db.backends.sqlite3") == (missing == "DATABASE_URL")
    assert eager == str(missing == "CELERY_BROKER_URL")


def test_production_refuses_an_explicit_sqlite_database_too():
    result = run_django(SETUP, **{**PRODUCTION_ENV, "DATABASE_URL": "sqlite:////tmp/x.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must point to PostgreSQL" in result.stderr


def test_check_deploy_stays_clean_on_an_allowed_embedded_installation():
    env = {
        k: v for k, v in PRODUCTION_ENV.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")
    }
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **env,
        ALLOW_EMBEDDED_PRODUCTION="true",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_caches_in_the_shared_redis_not_in_each_process():
    show = SETUP + "; from django.conf import settings as s; print(s.CACHES['default']['BACKEND'],"
    show += " s.CACHES['default']['LOCATION'])"
    result = run_django(show, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    # Redis down is a cache miss there, not a 500 (travelmgmt/cache.py).
    assert result.stdout.split() == [
        "travelmgmt.cache.ForgivingRedisCache",
        PRODUCTION_ENV["CELERY_BROKER_URL"],
    ]
    own = run_django(show, **PRODUCTION_ENV, CACHE_URL="redis://cache.internal:6379/3")
    assert own.stdout.split()[1] == "redis://cache.internal:6379/3"


def test_development_defaults_start_without_any_variable():
    result = run_django(SETUP + "; print('ok')", DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_embedded_default_runs_celery_tasks_in_process():
    if os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("a broker is configured: tasks go to it")
    assert settings.CELERY_TASK_ALWAYS_EAGER is True


def test_vietnamese_first_and_timezone():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _name in settings.LANGUAGES] == ["vi", "en"]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_vietnamese_dates_are_day_first():
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override("vi"):
        form = Form({"day": "05/04/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"].isoformat() == "2026-04-05"
        assert Form({"day": "25/04/2026"}).is_valid()
        assert forms.DateField().widget.format is None  # display comes from the formats module
        from django.utils.formats import date_format, get_format

        assert get_format("FIRST_DAY_OF_WEEK") == 1
        import datetime as dt

        assert date_format(dt.date(2026, 4, 5), "SHORT_DATE_FORMAT") == "05/04/2026"
