"""In-app notices and their emails: the row in the caller's transaction, the email after it."""

from django.db import transaction

from core.models import Notification


def notify(*, recipients, event_key: str, subject: str, body: str, url: str = "") -> list:
    """Write one notice per recipient (never twice for the same event) and queue its email
    once the surrounding transaction commits."""
    from core.tasks import send_notification_email

    created = []
    for recipient in {r.pk: r for r in recipients if r.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            recipient=recipient,
            event_key=event_key,
            defaults={"subject": subject[:255], "body": body, "url": url},
        )
        if was_created:
            created.append(notification)
            transaction.on_commit(lambda pk=notification.pk: send_notification_email.delay(pk))
    return created
