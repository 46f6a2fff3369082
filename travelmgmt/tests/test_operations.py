"""Operations: the health probe, the metrics scrape, the request log, secrets from files."""

import io
import ipaddress
import json
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db.migrations.recorder import MigrationRecorder

from travelmgmt import health, logs
from travelmgmt.envsecret import env_secret

# --- secrets from files ------------------------------------------------------------------


def test_env_secret_reads_the_variable_then_the_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.delenv("OPS_TEST_SECRET", raising=False)
    monkeypatch.setenv("OPS_TEST_SECRET_FILE", str(secret))
    assert env_secret("OPS_TEST_SECRET") == "from-the-file"  # trailing newline dropped
    monkeypatch.setenv("OPS_TEST_SECRET", "")  # empty, as in a copied .env.example
    assert env_secret("OPS_TEST_SECRET") == "from-the-file"
    monkeypatch.setenv("OPS_TEST_SECRET", "from-the-variable")
    assert env_secret("OPS_TEST_SECRET") == "from-the-variable"
    monkeypatch.delenv("OPS_TEST_SECRET")
    monkeypatch.delenv("OPS_TEST_SECRET_FILE")
    assert env_secret("OPS_TEST_SECRET", default="fallback") == "fallback"


def test_env_secret_refuses_an_unreadable_file(monkeypatch, tmp_path):
    monkeypatch.delenv("OPS_TEST_SECRET", raising=False)
    monkeypatch.setenv("OPS_TEST_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="OPS_TEST_SECRET_FILE"):
        env_secret("OPS_TEST_SECRET")


# --- the health probe --------------------------------------------------------------------


@pytest.fixture
def fresh_migration_check():
    health._migrated.clear()
    yield
    health._migrated.clear()


def test_health_is_public_terse_and_ok(client, db, settings, fresh_migration_check):
    settings.CELERY_BROKER_URL = None
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    body = response.json()
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok", "backlog": "ok"},
    }


def test_health_is_not_redirected_to_https(client, db, settings, fresh_migration_check):
    # The load balancer probes the node over plain HTTP.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get("/healthz/").status_code == 200


def test_health_is_degraded_not_down_when_the_broker_is_unreachable(
    client, db, settings, fresh_migration_check
):
    # A real refused connection (nothing listens on port 1): the node still serves, so the
    # load balancer keeps it; nothing about the broker's address is shown.
    settings.CELERY_BROKER_URL = "redis://:hunter2@127.0.0.1:1/0"
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["broker"] == "unavailable"
    assert body["checks"]["workers"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    text = response.content.decode()
    assert "127.0.0.1" not in text and "hunter2" not in text and "redis" not in text


@pytest.mark.skipif(
    not __import__("os").environ.get("CELERY_BROKER_URL"), reason="needs a real broker (CI)"
)
def test_health_sees_the_real_broker(client, db, fresh_migration_check):
    assert client.get("/healthz/").json()["checks"]["broker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_health_is_down_while_migrations_are_pending(client, fresh_migration_check):
    # New code deployed before `migrate`: this node must leave the pool.
    recorder = MigrationRecorder.Migration.objects
    latest = recorder.filter(app="trips").order_by("-id").first()
    recorder.filter(pk=latest.pk).delete()
    try:
        response = client.get("/healthz/")
    finally:
        recorder.create(app=latest.app, name=latest.name)
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert response.json()["checks"]["migrations"] == "unavailable"
    health._migrated.clear()
    assert client.get("/healthz/").status_code == 200


# --- the metrics scrape ------------------------------------------------------------------

TOKEN = "m" * 40


@pytest.fixture
def metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]
    return settings


def test_metrics_are_hidden_from_the_public(client, metrics_settings):
    assert client.get("/metrics/", REMOTE_ADDR="203.0.113.5").status_code == 404
    wrong = {"HTTP_AUTHORIZATION": "Bearer " + "x" * 40}
    assert client.get("/metrics/", REMOTE_ADDR="203.0.113.5", **wrong).status_code == 404


def test_metrics_with_the_token(client, metrics_settings):
    response = client.get(
        "/metrics/", REMOTE_ADDR="203.0.113.5", HTTP_AUTHORIZATION=f"Bearer {TOKEN}"
    )
    assert response.status_code == 200
    assert b"django_http_requests_total_by_method_total" in response.content


def test_metrics_from_an_allowed_network_but_not_through_the_proxy(client, metrics_settings):
    assert client.get("/metrics/", REMOTE_ADDR="10.1.2.3").status_code == 200
    # Behind nginx every visitor's peer is the proxy: a forwarded request is not "internal".
    forwarded = client.get("/metrics/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert forwarded.status_code == 404


def test_metrics_are_off_without_token_or_network(client, settings):
    settings.METRICS_TOKEN = ""
    settings.METRICS_ALLOWED_NETWORKS = []  # the production default
    assert client.get("/metrics/", REMOTE_ADDR="127.0.0.1").status_code == 404


# --- the request log ---------------------------------------------------------------------


@pytest.fixture
def json_log():
    """The production JSON formatter on the request logger, into a buffer."""
    config = logs.formatter(json=True)
    handler = logging.StreamHandler(stream := io.StringIO())
    handler.setFormatter(config.pop("()")(**config))
    logger = logging.getLogger("django_structlog")
    logger.addHandler(handler)
    saved = logger.level
    logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(saved)


def test_request_log_is_json_with_request_id_user_and_client(client, staff_a, settings, json_log):
    # The address logged is the one django-axes locks, not django-structlog's own pick (the
    # left-most X-Forwarded-For entry, which the client writes): here a node without a proxy.
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    client.force_login(staff_a)
    response = client.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 200
    lines = json_log()
    finished = next(line for line in lines if line["event"] == "request_finished")
    assert finished["request_id"] == response["X-Request-ID"]
    assert finished["user_id"] == staff_a.pk
    assert finished["ip"] == "198.51.100.7"
    assert finished["code"] == 200
    assert finished["level"] == "info" and "timestamp" in finished
    assert len({line["request_id"] for line in lines}) == 1
