"""Redis down (the broker, the cache, or both, as when they are one server): every page and
endpoint answers without a 500. The Redis here is real and unreachable: a closed port."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from api.tests.openapi import schema
from core.tests.test_broker_down import broker_down
from registry.models import ImportJob
from registry.tests.helpers import generated_rows, officials_csv
from travelmgmt.cache import cache_config
from travelmgmt.tests.outages import closed_port, json_log

PASSWORD = "mat-khau-thu-nghiem-2026"  # the factories' password


@pytest.fixture
def cache_down(settings):
    # The cache production builds for a Redis URL (settings.CACHES), at a closed port.
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{closed_port()}/1")}


@pytest.fixture
def redis_down(cache_down):
    with broker_down():
        yield


def _parameterless_paths(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _parameterless_paths(entry, prefix + route.lstrip("^"))
        elif isinstance(entry, URLPattern):
            yield "/" + (prefix + route).lstrip("^").rstrip("$")


def _api_reads():
    for path, operations in schema()["paths"].items():
        if "get" in operations:
            yield re.sub(r"\{[^}]+\}", "1", path)


@pytest.mark.parametrize("role", [Role.AGENCY_STAFF, Role.REVIEWER, Role.ADMINISTRATOR])
def test_every_page_and_api_read_answers_without_a_500(redis_down, role, agency_a):
    user = UserFactory(roles=[role], agency=agency_a if role == Role.AGENCY_STAFF else None)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    paths = sorted({*_parameterless_paths(), *_api_reads()} - {"/dang-xuat/"})
    answers = {path: client.get(path).status_code for path in paths}
    assert len(answers) > 30
    assert {path: code for path, code in answers.items() if code >= 500} == {}


def test_health_is_degraded_with_the_cache_down(client, db, cache_down):
    body = client.get("/healthz/").json()
    assert body["status"] == "degraded" and body["checks"]["cache"] == "unavailable"


def test_api_sign_in_with_the_cache_down(db, redis_down, staff_a):
    client = Client(raise_request_exception=False)
    url, wrong = "/api/v1/auth/token/", {"username": "staff_a", "password": "sai"}
    # Whatever met the cache down first paused it: try it again, so that this sign-in meets
    # the outage itself.
    cache.resume()
    with json_log() as logged:
        good = client.post(url, {"username": "staff_a", "password": PASSWORD}, "application/json")
    assert good.status_code == 200 and good.json()["token"]
    assert "cache unreachable" in logged()
    # The throttle's counters are gone with the cache; django-axes' (in the database) still
    # lock the username after five failures from this address.
    codes = [client.post(url, wrong, "application/json").status_code for _ in range(6)]
    assert codes == [400] * 4 + [429, 429]
    login = client.post("/dang-nhap/", {"username": "staff_a", "password": PASSWORD})
    assert login.status_code == 429  # the sign-in page honours the same lock


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_import_upload_with_the_broker_down_is_kept_for_the_catch_up(
    administrator, agency_a, redis_down
):
    client = Client(raise_request_exception=False)
    client.force_login(administrator)
    response = client.post(
        "/nhap-du-lieu/can-bo/", {"file": officials_csv(generated_rows(2, [agency_a.code]))}
    )
    assert response.status_code == 302
    assert ImportJob.objects.get().status == ImportJob.Status.UPLOADED
