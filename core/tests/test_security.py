"""Sign-in lockout, the Content-Security-Policy and the other headers on every page."""

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-2026"


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


def test_sessions_expire_after_inactivity():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
