"""In-app notices and their emails: the row in the caller's transaction, the email after it."""

from django.db import transaction

from core.models import Notification
from core.queueing import enqueue
from core.validators import single_line


def notify(*, recipients, event_key: str, subject: str, body: str, url: str = "") -> list:
    """Write one notice per recipient (never twice for the same event) and queue its email
    once the surrounding transaction commits."""
    created = []
    # A subject from core.i18n.remembering_gettext keeps its source: read in any language.
    source = {
        "subject_template": getattr(subject, "msgid", ""),
        "subject_params": getattr(subject, "params", None),
    }
    # The subject is an email header: user text in it (a trip's title) stays on one line.
    subject = single_line(str(subject))[:255]
    for recipient in {r.pk: r for r in recipients if r.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            recipient=recipient,
            event_key=event_key,
            defaults={"subject": subject, "body": body, "url": url, **source},
        )
        if was_created:
            created.append(notification)
            transaction.on_commit(lambda pk=notification.pk: queue_email(pk))
    return created


def notify_address(*, address: str, event_key: str, subject: str, body: str, url: str = ""):
    """The email alone to someone without a login, once per event: a notice row without a
    recipient, sent after commit and retried like any other (never lost)."""
    notification, created = Notification.objects.get_or_create(
        recipient=None,
        address=address,
        event_key=event_key,
        defaults={"subject": single_line(str(subject))[:255], "body": body, "url": url},
    )
    if created:
        transaction.on_commit(lambda: queue_email(notification.pk))
    return notification if created else None


def queue_email(notification_id: int) -> bool:
    """Queue the email of a notice; False if it could not be queued: the notice stays unsent
    and the daily sweep queues it again (core.tasks.unsent_notification_ids)."""
    from core.tasks import send_notification_email

    return enqueue(
        send_notification_email,
        notification_id,
        what=f"email of notification {notification_id}",
        later="the daily sweep will send it",
    )
