"""Error reports to Sentry, only when SENTRY_DSN is set, and without personal data.

The system holds officials' identities and passport numbers: no user, cookie, address or
request body is sent (`send_default_pii=False`, `max_request_body_size="never"`), and stack
frames go without their local variables, which would carry the same data.
"""

from django.core.exceptions import ImproperlyConfigured


def validate_dsn(dsn: str) -> None:
    from sentry_sdk.utils import BadDsn, Dsn

    try:
        Dsn(dsn)
    except BadDsn:
        # The DSN itself is a secret: do not print it.
        raise ImproperlyConfigured("SENTRY_DSN is not a valid Sentry DSN.") from None


def init_sentry(*, dsn: str, environment: str, release: str, traces_sample_rate: float) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    validate_dsn(dsn)
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
    )
