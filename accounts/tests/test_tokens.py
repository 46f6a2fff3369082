"""API tokens end after their lifetime and when the password changes."""

import datetime as dt

import pytest
from django.contrib.auth.forms import SetPasswordForm
from django.utils import timezone
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIClient

from accounts.models import User
from accounts.tests.factories import staff_of
from accounts.tokens import ExpiringTokenAuthentication

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-thu-nghiem-2026"
TRIPS = "/api/v1/trips/"


def sign_in(api, user, password=PASSWORD):
    response = api.post(
        "/api/v1/auth/token/", {"username": user.username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def with_token(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def age(key, hours):
    Token.objects.filter(key=key).update(created=timezone.now() - dt.timedelta(hours=hours))


def test_a_token_ends_after_its_lifetime(staff_a, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 8
    key = sign_in(APIClient(), staff_a)
    age(key, 7.9)
    assert with_token(key).get(TRIPS).status_code == 200
    age(key, 8.1)
    expired = with_token(key).get(TRIPS)
    assert expired.status_code == 401
    assert expired.json() == {"detail": "Khóa API đã hết hạn. Vui lòng đăng nhập lại."}
    assert not Token.objects.filter(key=key).exists()


def test_signing_in_again_replaces_an_expired_token(staff_a, settings):
    settings.API_TOKEN_LIFETIME_HOURS = 8
    api = APIClient()
    first = sign_in(api, staff_a)
    assert sign_in(api, staff_a) == first  # still valid: the same key
    age(first, 9)
    second = sign_in(api, staff_a)
    assert second != first
    assert with_token(second).get(TRIPS).status_code == 200


def test_the_default_lifetime_is_a_day(settings):
    assert settings.API_TOKEN_LIFETIME_HOURS == 24


@pytest.mark.parametrize("how", ["set_password", "password form (admin, reset)"])
def test_a_password_change_ends_the_users_tokens(agency_a, how):
    staff = staff_of(agency_a, username="canbo")
    colleague = staff_of(agency_a, username="dongnghiep")
    key, other = sign_in(APIClient(), staff), sign_in(APIClient(), colleague)
    if how == "set_password":
        staff.set_password("mat-khau-moi-2026-rat-dai")
        staff.save()
    else:
        form = SetPasswordForm(
            staff,
            {
                "new_password1": "mat-khau-moi-2026-rat-dai",
                "new_password2": "mat-khau-moi-2026-rat-dai",
            },
        )
        assert form.is_valid(), form.errors
        form.save()
    assert with_token(key).get(TRIPS).status_code == 401
    assert with_token(other).get(TRIPS).status_code == 200  # nobody else's
    assert sign_in(APIClient(), staff, "mat-khau-moi-2026-rat-dai") != key


def test_saving_a_user_without_changing_the_password_keeps_the_token(staff_a):
    key = sign_in(APIClient(), staff_a)
    staff_a.first_name = "Lan"
    staff_a.save()
    staff_a.refresh_from_db()
    staff_a.save(update_fields=["last_login"])
    assert with_token(key).get(TRIPS).status_code == 200


def _read(authenticate, key):
    """What an authentication's credentials check gives: the user's and the token's fields,
    or its refusal's words."""
    try:
        user, token = authenticate(key)
    except AuthenticationFailed as refused:
        return str(refused.detail)
    fields = ({k: v for k, v in o.__dict__.items() if k != "_state"} for o in (user, token.user))
    return next(fields), token.pk, token.user_id, token.created, next(fields)


@pytest.mark.parametrize("active", [True, False], ids=["active", "inactive"])
def test_the_token_is_read_by_hand_as_drf_reads_it(agency_a, active, settings):
    """accounts.tokens.token_with_user replaces DRF's `select_related("user").get(key=key)`."""
    settings.API_TOKEN_LIFETIME_HOURS = 24 * 365  # expiry is ours; this compares DRF's part
    staff = staff_of(agency_a, username="canbo", is_active=active, email="canbo@example.org")
    staff_of(agency_a, username="dongnghiep")
    key = Token.objects.create(user=staff).key
    Token.objects.create(user=User.objects.get(username="dongnghiep"))
    ours, drf = ExpiringTokenAuthentication(), TokenAuthentication()
    for candidate in (key, key.upper(), "khong-co-khoa-nay", ""):
        assert _read(ours.authenticate_credentials, candidate) == _read(
            drf.authenticate_credentials, candidate
        ), candidate
    assert isinstance(_read(ours.authenticate_credentials, key), tuple) is active
