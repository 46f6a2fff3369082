"""Sign-in lockout (also behind the reverse proxy), the throttled token endpoint, the
Content-Security-Policy and the other headers on every page, the API docs page."""

import datetime as dt
import json
import os
import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.urls import reverse

from accounts.tests.factories import UserFactory
from travelmgmt.tests.test_settings import PRODUCTION_ENV, SETUP, run_django

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-2026"
TOKEN_URL = "/api/v1/auth/token/"


def sign_in(client, username, password, ip="10.0.0.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_repeated_failures_lock_that_username_from_that_address_for_a_while(client):
    UserFactory(username="canbo")
    UserFactory(username="dongnghiep")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "canbo", "sai").status_code == 200
    locked = sign_in(client, "canbo", "sai")
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    # Not a dead end: a way back to the sign-in page (to try later) and home.
    assert f'href="{reverse("login")}"' in locked.content.decode()
    assert f'href="{reverse("home")}"' in locked.content.decode()
    # Even the right password is refused while locked...
    assert sign_in(client, "canbo", PASSWORD).status_code == 429
    # ...but a colleague behind the same address is not locked out.
    assert sign_in(client, "dongnghiep", PASSWORD).status_code == 302
    assert settings.AXES_COOLOFF_TIME == 0.25  # 15 minutes, then it opens again


def test_wrong_password_message_is_vietnamese(client):
    UserFactory(username="canbo")
    response = sign_in(client, "canbo", "sai")
    assert "mật khẩu chính xác" in response.content.decode()  # Django's vi catalogue


def test_every_page_carries_a_strict_csp_with_a_nonce_and_security_headers(client, staff_a):
    client.force_login(staff_a)
    for url in (reverse("login"), reverse("home"), reverse("trips:list"), reverse("trips:create")):
        response = client.get(url)
        csp = response["Content-Security-Policy"]
        # No inline scripts at all, so not even a nonce is needed on these pages.
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        html = response.content.decode()
        assert "onchange=" not in html and "onclick=" not in html  # no inline handlers
        assert '{"includeIndicatorStyles": false}' in html  # htmx injects no inline style


# --- The sliding session: 30 minutes of inactivity, written at most once a minute ---------


def _session_row(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.session.session_key)


def _session_writes(client, url="/") -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(
        "django_session" in q["sql"] and q["sql"].lstrip().startswith(("UPDATE", "INSERT"))
        for q in queries
    )


def test_a_page_view_does_not_write_the_session_within_a_minute(client):
    from accounts import sessions

    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_REFRESH_SECONDS == 60
    assert sign_in(client, UserFactory(password=PASSWORD).username, PASSWORD).status_code == 302
    assert _session_writes(client) == 0  # signed in a moment ago: a read only
    assert _session_writes(client) == 0

    # A minute later the next request renews the session for another 30 minutes.
    session = client.session
    session[sessions.KEY] -= 61
    session.save()
    row = _session_row(client)
    type(row).objects.filter(pk=row.pk).update(
        expire_date=row.expire_date - dt.timedelta(minutes=1)
    )
    before = _session_row(client).expire_date
    assert _session_writes(client) == 1
    assert _session_row(client).expire_date > before
    assert _session_writes(client) == 0


def test_a_session_idle_for_thirty_minutes_is_over(client):
    from django.utils import timezone

    user = UserFactory(password=PASSWORD)
    assert sign_in(client, user.username, PASSWORD).status_code == 302
    row = _session_row(client)
    left = row.expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)
    type(row).objects.filter(pk=row.pk).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_token_call_renews_no_cookie_session_and_makes_none(client, staff_a, staff_b):
    from django.contrib.sessions.models import Session
    from rest_framework.authtoken.models import Token

    from accounts import sessions

    header = {"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=staff_a).key}"}
    # DRF puts the token's user on the request: with a stale cookie beside the token the
    # session must stay unmade, and with another user's cookie that session must not slide.
    client.cookies["sessionid"] = "stale-cookie-of-a-session-long-gone"
    assert client.get("/api/v1/trips/", **header).status_code == 200
    assert not Session.objects.exists()

    client.force_login(staff_b)
    session = client.session
    session[sessions.KEY] -= 61  # due for renewal, by staff_b's own next request only
    session.save()
    before = _session_row(client).expire_date
    assert client.get("/api/v1/trips/", **header).status_code == 200
    assert _session_row(client).expire_date == before
    assert Session.objects.count() == 1
    assert _session_writes(client) == 1  # staff_b's own page view renews it


# --- Behind the reverse proxy (production: PROXY_COUNT=1, nginx appends the client) ---------

CLIENT = "203.0.113.7"  # the address nginx received the request from
ELSEWHERE = "198.51.100.20"
CLIENT_IP_SETTINGS = ("AXES_IPWARE_", "AXES_PROXY_", "AXES_META_", "AXES_CLIENT_IP", "IPWARE_")


@pytest.fixture(scope="module")
def production_client_ip_settings():
    """How the production settings (DEBUG off, PROXY_COUNT unset) find the client address."""
    code = SETUP + (
        "; import json, axes.conf; from django.conf import settings as s;"
        f" keys = [k for k in dir(s) if k.startswith({CLIENT_IP_SETTINGS!r})];"
        " print(json.dumps({'settings': {k: getattr(s, k) for k in keys},"
        " 'NUM_PROXIES': s.REST_FRAMEWORK.get('NUM_PROXIES')}))"
    )
    result = run_django(code, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def behind_the_proxy(settings, production_client_ip_settings):
    from django.conf import settings as live

    wanted = production_client_ip_settings["settings"]
    for key in [k for k in dir(live) if k.startswith(CLIENT_IP_SETTINGS) and k not in wanted]:
        delattr(settings, key)
    for key, value in wanted.items():
        setattr(settings, key, value)
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": production_client_ip_settings["NUM_PROXIES"],
    }


def through_nginx(client_sent, peer):
    """X-Forwarded-For as `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`
    passes it on: whatever the client sent, then the address nginx received it from."""
    return f"{client_sent}, {peer}" if client_sent else peer


def page_sign_in(client, username, password, client_sent="", peer=CLIENT):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=through_nginx(client_sent, peer),
    )


def token_sign_in(client, username, password, client_sent="", peer=CLIENT):
    return client.post(
        TOKEN_URL,
        {"username": username, "password": password},
        content_type="application/json",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=through_nginx(client_sent, peer),
    )


SIGN_INS = {"sign-in page": (page_sign_in, 302), "token endpoint": (token_sign_in, 200)}
SPOOFS = {
    "private left entry": lambda i: f"10.0.0.{i}",
    "public left entry": lambda i: f"198.51.100.{i}",
    "several left entries": lambda i: f"192.0.2.{i}, 10.9.9.{i}",
    # An unclosed quote would swallow the entry nginx appends in a quote-aware parser.
    "left entry and an unclosed quote": lambda i: f'198.51.100.{i}, "',
}


@pytest.mark.parametrize("spoof", SPOOFS)
@pytest.mark.parametrize("sign_in_at", SIGN_INS)
def test_rotating_the_forwarded_for_entries_the_client_sends_gives_no_more_tries(
    client, behind_the_proxy, sign_in_at, spoof
):
    sign_in, _ok = SIGN_INS[sign_in_at]
    UserFactory(username="canbo")
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "canbo", "sai", client_sent=SPOOFS[spoof](i))
    locked = sign_in(client, "canbo", PASSWORD, client_sent=SPOOFS[spoof](99))
    assert locked.status_code == 429
    assert "Tài khoản tạm thời bị khóa" in locked.content.decode()
    # Every failure was counted against the address nginx saw, not the one the client wrote.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


@pytest.mark.parametrize("sign_in_at", SIGN_INS)
def test_failures_from_one_client_do_not_lock_the_username_for_everyone(
    client, behind_the_proxy, sign_in_at
):
    sign_in, ok = SIGN_INS[sign_in_at]
    UserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "canbo", "sai")
    assert sign_in(client, "canbo", PASSWORD).status_code == 429
    # The owner, signing in from another address, is not locked out by the attacker.
    assert sign_in(client, "canbo", PASSWORD, peer=ELSEWHERE).status_code == ok
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


def test_behind_the_proxy_a_request_without_the_header_is_its_socket_peer(client, behind_the_proxy):
    # A local script or probe reaching gunicorn directly: never "no address", which would
    # share one lock per username between everyone without the header.
    UserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "canbo", "password": "sai"}, REMOTE_ADDR=CLIENT)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    elsewhere = client.post(
        reverse("login"), {"username": "canbo", "password": PASSWORD}, REMOTE_ADDR=ELSEWHERE
    )
    assert elsewhere.status_code == 302


def test_without_a_proxy_the_forwarded_for_header_is_ignored(client):
    # A developer machine (PROXY_COUNT=0): the socket's peer, whatever the header says.
    UserFactory(username="canbo")
    for i in range(settings.AXES_FAILURE_LIMIT):
        page_sign_in(client, "canbo", "sai", peer=f"10.0.0.{i}")
    assert page_sign_in(client, "canbo", PASSWORD, peer="10.0.0.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"127.0.0.1"}


def test_the_token_endpoint_answers_a_lock_with_429_and_a_vietnamese_message(client):
    UserFactory(username="canbo")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert token_sign_in(client, "canbo", "sai").status_code == 400
    locked = token_sign_in(client, "canbo", "sai")
    assert locked.status_code == 429
    assert locked.json() == {
        "detail": "Tài khoản tạm thời bị khóa do nhập sai mật khẩu nhiều lần. "
        "Vui lòng thử lại sau 15 phút."
    }
    assert locked["Retry-After"] == "900"
    assert token_sign_in(client, "canbo", PASSWORD).status_code == 429  # even the right one


def auth_rate():
    return int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"].split("/")[0])


def test_the_token_endpoint_throttles_password_spraying_across_usernames(client, behind_the_proxy):
    for i in range(auth_rate()):
        # One password tried on many usernames, the left X-Forwarded-For entry rotated too.
        tried = token_sign_in(client, f"nguoi{i}", "Matkhau@2026", client_sent=f"10.0.0.{i}")
        assert tried.status_code == 400
    sprayed = token_sign_in(client, "nguoi-nua", "Matkhau@2026", client_sent="10.0.0.250")
    assert sprayed.status_code == 429
    assert sprayed.json()["detail"].startswith("Quá nhiều lần đăng nhập từ địa chỉ này.")
    assert 0 < int(sprayed["Retry-After"]) <= 60
    # Another client is not throttled by it.
    assert token_sign_in(client, "nguoi-nua", "sai", peer=ELSEWHERE).status_code == 400


def test_the_throttle_counts_in_the_cache_that_every_process_shares(client, settings):
    """Production's cache (the broker's Redis): a second process sees the first one's count."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        pytest.skip("needs Redis (CELERY_BROKER_URL); CI's PostgreSQL run has it")
    key = f"throttle_auth_{CLIENT}"
    read = SETUP + (
        "; import json; from django.core.cache import cache; from django.conf import settings"
        f" as s; print(json.dumps([s.CACHES, len(cache.get({key!r}) or [])]))"
    )
    env = {**PRODUCTION_ENV, "CELERY_BROKER_URL": broker}
    first = run_django(read, **env)
    assert first.returncode == 0, first.stderr
    settings.CACHES = json.loads(first.stdout)[0]  # this process uses production's cache now
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    cache.delete(key)
    try:
        for i in range(auth_rate()):
            assert token_sign_in(client, f"nguoi{i}", "sai").status_code == 400
        assert token_sign_in(client, "nguoi-nua", "sai").status_code == 429
        other_process = run_django(read, **env)
    finally:
        cache.delete(key)
    assert other_process.returncode == 0, other_process.stderr
    assert json.loads(other_process.stdout)[1] == auth_rate()


# --- The API docs page: Swagger UI from our own static files, allowed by the CSP -----------


def test_the_api_docs_page_loads_only_local_files_that_the_csp_allows(client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp

    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert len(scripts) == 3 and any("swagger-ui-bundle.js" in url for url in scripts)
    for url in urls:
        # Same origin (what 'self' allows), nothing from a CDN.
        assert url.startswith("/") and not url.startswith("//"), url
        if url.startswith(settings.STATIC_URL) or url.startswith("/" + settings.STATIC_URL):
            path = url.split(settings.STATIC_URL, 1)[1]
            assert finders.find(path), f"{url} is not among the static files"
    # No inline script or style, which the CSP (no 'unsafe-inline', no nonce here) would refuse.
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "<style" not in html and "style=" not in html

    init = [url for url in scripts if "script" in url.split("?", 1)[-1]]
    assert len(init) == 1 and init[0].startswith("/api/v1/docs/?")
    start_up = client.get(init[0].replace("&amp;", "&"))
    assert start_up.status_code == 200
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in start_up.content.decode()
    assert "/api/v1/schema/" in start_up.content.decode()
