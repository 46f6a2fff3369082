"""Settings switches read once from the environment (each run in a fresh process), and the
replica router with two real database files."""

import json
import shutil
import sqlite3

import pytest
from django.core.files.storage import FileSystemStorage, storages

from travelmgmt import routers
from travelmgmt.tests.test_settings import PRODUCTION_ENV, SETUP, run_django


def settings_of(*expressions, **env):
    """Evaluate expressions in a process started with `env`; their values, as JSON."""
    code = SETUP + "\nimport json\nfrom django.conf import settings\n"
    code += f"print(json.dumps([{', '.join(expressions)}], default=str))"
    result = run_django(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def refusal(**env):
    result = run_django(SETUP, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    return result.stderr


# --- production from files, Sentry, logs ---------------------------------------------------


def test_production_reads_secrets_from_files_and_defaults_to_json_logs_and_no_sentry(tmp_path):
    (tmp_path / "key").write_text("k" * 60 + "\n")
    (tmp_path / "db").write_text("postgres://app:pw@db.internal:5432/travel\n")
    (tmp_path / "smtp").write_text("smtp-password\n")
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    values = settings_of(
        "settings.SECRET_KEY",
        "settings.DATABASES['default']['HOST']",
        "settings.EMAIL_HOST_PASSWORD",
        "settings.LOG_FORMAT",
        "__import__('sentry_sdk').get_client().is_active()",
        **env,
        DATABASE_URL="",  # empty counts as unset: the file is read
        SECRET_KEY_FILE=str(tmp_path / "key"),
        DATABASE_URL_FILE=str(tmp_path / "db"),
        EMAIL_HOST_PASSWORD_FILE=str(tmp_path / "smtp"),
    )
    assert values == ["k" * 60, "db.internal", "smtp-password", "json", False]


def test_sentry_on_with_a_dsn_and_without_personal_data():
    options = "__import__('sentry_sdk').get_client().options"
    values = settings_of(
        "__import__('sentry_sdk').get_client().is_active()",
        f"{options}['send_default_pii']",
        f"{options}['max_request_body_size']",
        f"{options}['include_local_variables']",
        f"{options}['environment']",
        **PRODUCTION_ENV,
        SENTRY_DSN="https://publickey@127.0.0.1:9/42",  # nothing is sent: no event raised
    )
    assert values == [True, False, "never", False, "production"]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SENTRY_DSN", "not-a-dsn-secret-value"),
        ("METRICS_TOKEN", "short"),
        ("METRICS_ALLOWED_NETWORKS", "10.0.0.0/33"),
        ("LOG_FORMAT", "xml"),
    ],
)
def test_production_refuses_a_malformed_operations_setting(variable, value):
    stderr = refusal(**PRODUCTION_ENV, **{variable: value})
    assert variable in stderr
    assert "not-a-dsn-secret-value" not in stderr


# --- storage -------------------------------------------------------------------------------


def test_uploads_default_to_the_media_folder(settings):
    assert isinstance(storages["default"], FileSystemStorage)
    assert storages["default"].location == str(settings.MEDIA_ROOT)


S3_ENV = {
    **PRODUCTION_ENV,
    "AWS_STORAGE_BUCKET_NAME": "travelmgmt-docs",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "AWS_S3_REGION_NAME": "us-east-1",
    "AWS_ACCESS_KEY_ID": "minio-access",
    "AWS_SECRET_ACCESS_KEY": "minio-secret",
    "AWS_LOCATION": "uploads",
}


def test_a_bucket_switches_uploads_to_s3_without_touching_the_network():
    storage = "__import__('django.core.files.storage').core.files.storage.storages['default']"
    values = settings_of(
        f"type({storage}).__name__",
        f"{storage}.bucket_name",
        f"{storage}.endpoint_url",
        f"{storage}.default_acl",
        # A signed URL is computed locally: no request is made.
        f"{storage}.url('trips/1/invitation.pdf')",
        **S3_ENV,
    )
    name, bucket, endpoint, acl, url = values
    assert (name, bucket, endpoint, acl) == (
        "S3Storage",
        "travelmgmt-docs",
        S3_ENV["AWS_S3_ENDPOINT_URL"],
        None,
    )
    assert url.startswith("http://127.0.0.1:9000/travelmgmt-docs/uploads/trips/1/invitation.pdf?")
    assert "Signature" in url


@pytest.mark.parametrize(
    "missing", ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_STORAGE_BUCKET_NAME"]
)
def test_a_half_configured_bucket_refuses_to_start(missing):
    env = {k: v for k, v in S3_ENV.items() if k != missing}
    stderr = refusal(**env)
    # Without the bucket name, the endpoint alone is what gives the half-configuration away.
    assert (missing if missing != "AWS_STORAGE_BUCKET_NAME" else "AWS_S3_ENDPOINT_URL") in stderr


# --- the connection pooler -------------------------------------------------------------------

PG_ENV = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://app:pw@127.0.0.1:6432/travel"}
POOL = ["DISABLE_SERVER_SIDE_CURSORS", "CONN_MAX_AGE"]


def test_pgbouncer_transaction_mode_switch():
    expressions = [f"settings.DATABASES['default'].get('{key}')" for key in POOL]
    assert settings_of(*expressions, **PG_ENV) == [None, 60]
    on = settings_of(
        *expressions,
        *[f"settings.DATABASES['replica'].get('{key}')" for key in POOL],
        **PG_ENV,
        DATABASE_POOLER_TRANSACTION_MODE="true",
        DATABASE_REPLICA_URL="postgres://app:pw@127.0.0.1:6433/travel",
    )
    assert on == [True, 0, True, 0]


def test_pgbouncer_switch_is_refused_on_sqlite():
    sqlite = {
        **PRODUCTION_ENV,
        "DATABASE_URL": "sqlite:////tmp/travelmgmt-settings-only.sqlite3",
        "ALLOW_EMBEDDED_PRODUCTION": "true",  # SQLite on purpose; the pooler still makes no sense
    }
    assert "DATABASE_POOLER_TRANSACTION_MODE" in refusal(
        **sqlite, DATABASE_POOLER_TRANSACTION_MODE="true"
    )


# --- the read replica ------------------------------------------------------------------------


def test_router_sends_analytics_reads_to_the_replica_and_everything_else_to_the_primary():
    router = routers.AnalyticsReplicaRouter()
    assert router.db_for_read(None) == "default"
    with routers.analytics_reads():
        assert router.db_for_read(None) == "replica"
        assert router.db_for_write(None) == "default"
    assert router.db_for_read(None) == "default"
    assert router.allow_migrate("default", "trips") is True
    assert router.allow_migrate("replica", "trips") is False


def test_analytics_context_does_not_leak_into_other_threads():
    import threading

    router, seen = routers.AnalyticsReplicaRouter(), []
    with routers.analytics_reads():
        thread = threading.Thread(target=lambda: seen.append(router.db_for_read(None)))
        thread.start()
        thread.join()
    assert seen == ["default"]


def test_no_replica_no_router(settings):
    assert "replica" not in settings.DATABASES
    assert not getattr(settings, "DATABASE_ROUTERS", [])


REPLICA_SCRIPT = """
import json, sqlite3
from django.test import Client
from agencies.models import Agency
from accounts.models import User
from analytics.statistics import agency_figures
from travelmgmt.routers import analytics_reads

# Written after the replica's copy was taken: on the primary only (replication lag, frozen).
new = Agency.objects.create(code="moi", name="Sở Mới Thành Lập")
old = Agency.objects.get(name="Sở Ngoại vụ")
with analytics_reads():
    on_replica = Agency.objects.filter(code="moi").exists()
    Agency.objects.create(code="ghi", name="Ghi trong thống kê")  # a write: the primary
client = Client()
client.force_login(User.objects.get(username="thamdinh"))
# The agency picked is read on the replica too: one it lacks is not shown as picked.
page_new = client.get(f"/thong-ke/?agency={new.pk}").content.decode()
page_old = client.get(f"/thong-ke/?agency={old.pk}").content.decode()
rows = lambda path: [r[0] for r in sqlite3.connect(path).execute("SELECT code FROM agencies_agency WHERE code IN ('moi', 'ghi') ORDER BY code")]
print(json.dumps({
    "default_read": Agency.objects.filter(code="moi").exists(),
    "analytics_read": on_replica,
    "page_shows_new_agency": "Sở Mới Thành Lập" in page_new,
    "page_shows_old_agency": f'<option value="{old.pk}" selected>Sở Ngoại vụ</option>' in page_old,
    "primary_rows": rows(PRIMARY), "replica_rows": rows(REPLICA),
}))
"""


def test_statistics_read_the_replica_file_and_writes_stay_on_the_primary(tmp_path):
    primary, replica = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
    env = {"DEBUG": "true", "DATABASE_URL": f"sqlite:///{primary}", "LOG_LEVEL": "WARNING"}
    # One process for the schema and the rows the page needs (the demo's agencies and a
    # reviewer's login), not the whole demo: its trips and documents cost about 20 s here.
    seed = SETUP + (
        "\nfrom django.core.management import call_command"
        "\ncall_command('migrate', verbosity=0)"
        "\nfrom django.contrib.auth.models import Group"
        "\nfrom accounts.models import User"
        "\nfrom accounts.roles import Role"
        "\nfrom portal.demo.people import seed_agencies"
        "\nseed_agencies()"
        "\nUser.objects.create_user('thamdinh').groups.add(Group.objects.get(name=Role.REVIEWER))"
    )
    result = run_django(seed, **env)
    assert result.returncode == 0, result.stderr
    shutil.copyfile(primary, replica)  # the replica, as replication left it
    with sqlite3.connect(replica) as db:
        assert db.execute("SELECT count(*) FROM agencies_agency").fetchone()[0] > 0
    code = SETUP + f"\nPRIMARY, REPLICA = {str(primary)!r}, {str(replica)!r}\n" + REPLICA_SCRIPT
    result = run_django(code, **env, DATABASE_REPLICA_URL=f"sqlite:///{replica}")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {
        "default_read": True,
        "analytics_read": False,
        "page_shows_new_agency": False,
        "page_shows_old_agency": True,
        "primary_rows": ["ghi", "moi"],
        "replica_rows": [],
    }
