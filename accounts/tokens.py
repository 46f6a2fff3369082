"""API tokens ("Authorization: Token <key>") that end: after API_TOKEN_LIFETIME_HOURS, and when
their user's password changes (accounts.signals)."""

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed

from core.rawsql import columns, fetch, instances


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def token_is_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


def token_for(user) -> Token:
    """The user's current token, or a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and not token_is_expired(token):
        return token
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_with_user(key: str) -> Token | None:
    """The token of `key` with its user, or None: DRF's `select_related("user").get(key=key)`
    by hand: every API request sends it, and the ORM spent longer compiling the join than
    PostgreSQL spent running it."""
    user_model = get_user_model()
    quote = connection.ops.quote_name
    rows = fetch(
        f"SELECT {columns(Token, 't')}, {columns(user_model, 'u')} "
        f"FROM {quote(Token._meta.db_table)} t "
        f"JOIN {quote(user_model._meta.db_table)} u ON u.id = t.user_id "
        f"WHERE t.{quote('key')} = %s",
        [key],
    )
    if not rows:
        return None
    [token] = instances(Token, rows)
    [token.user] = instances(user_model, rows, start=len(Token._meta.concrete_fields))
    return token


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        token = token_with_user(key)
        # DRF's own refusals, in its words (its catalogue translates them).
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        user = token.user
        if token_is_expired(token):
            token.delete()
            raise AuthenticationFailed(_("Khóa API đã hết hạn. Vui lòng đăng nhập lại."))
        return user, token
