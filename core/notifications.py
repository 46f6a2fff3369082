"""In-app notices and their emails: the row in the caller's transaction, the email after it."""

import logging
import time

from django.db import transaction
from kombu.exceptions import OperationalError

from core.models import Notification
from core.validators import single_line

logger = logging.getLogger(__name__)

# After the broker failed, it is left alone this long (seconds): with Redis down each attempt
# waits for the connection timeout, and a request that notifies ten people must not wait ten
# times, nor a sweep once per unsent email.
BROKER_PAUSE = 60
_broker_paused_until = 0.0


def notify(*, recipients, event_key: str, subject: str, body: str, url: str = "") -> list:
    """Write one notice per recipient (never twice for the same event) and queue its email
    once the surrounding transaction commits."""
    created = []
    # The subject is an email header: user text in it (a trip's title) stays on one line.
    subject = single_line(str(subject))[:255]
    for recipient in {r.pk: r for r in recipients if r.is_active}.values():
        notification, was_created = Notification.objects.get_or_create(
            recipient=recipient,
            event_key=event_key,
            defaults={"subject": subject, "body": body, "url": url},
        )
        if was_created:
            created.append(notification)
            transaction.on_commit(lambda pk=notification.pk: queue_email(pk))
    return created


def queue_email(notification_id: int) -> bool:
    """Queue the email of a notice; False if the broker could not take it.

    The change the notice reports is committed by now: a broker that is down must not turn
    it into an error. The notice stays unsent and the daily sweep queues it again
    (core.tasks.unsent_notification_ids).
    """
    global _broker_paused_until
    from core.tasks import send_notification_email

    if time.monotonic() < _broker_paused_until:
        logger.warning(
            "email of notification %s not queued: the broker failed less than %ss ago; "
            "the daily sweep will send it",
            notification_id,
            BROKER_PAUSE,
        )
        return False
    try:
        send_notification_email.delay(notification_id)
    except OperationalError:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE
        logger.warning(
            "email of notification %s not queued: the broker cannot be reached; "
            "the daily sweep will send it",
            notification_id,
            exc_info=True,
        )
        return False
    except Exception:
        logger.exception(
            "email of notification %s not queued; the daily sweep will send it", notification_id
        )
        return False
    return True


def resume_queuing() -> None:
    """Try the broker again at once (it is back, or a test moved on)."""
    global _broker_paused_until
    _broker_paused_until = 0.0
