import contextlib
import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.models import Notification
from core.validators import single_line

logger = logging.getLogger(__name__)

# A claim older than this without a sent mark belongs to a worker that died mid-send.
STALE_CLAIM = dt.timedelta(minutes=15)
REQUEUE_BATCH = 500  # emails a task when the sweep queues lost ones again


def _claimable(now) -> Q:
    """Never claimed, or claimed by a worker that died mid-send."""
    return Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - STALE_CLAIM)


def _claim(notification_id: int) -> bool:
    """Take the right to send this email: one conditional UPDATE, so only one task wins."""
    now = timezone.now()
    return bool(
        Notification.objects.filter(
            _claimable(now), pk=notification_id, emailed_at__isnull=True
        ).update(email_claimed_at=now)
    )


def _email_fields(notification: Notification) -> dict:
    return {
        # A header: one line, even for a notice stored before notify() made sure of it.
        "subject": single_line(notification.subject),
        "message": f"{notification.body}\n\n{settings.SITE_URL}{notification.url}",
        "from_email": settings.DEFAULT_FROM_EMAIL,
        "recipient_list": [notification.email_to],
    }


def _email(notification: Notification) -> EmailMessage:
    """The email send_mail(**_email_fields(...)) sends, for a connection kept open."""
    fields = _email_fields(notification)
    return EmailMessage(
        fields["subject"], fields["message"], fields["from_email"], fields["recipient_list"]
    )


@shared_task(
    bind=True,
    # smtplib's errors are OSErrors, a message that cannot be built a ValueError: whatever it
    # is, it is logged and retried with backoff; once the retries are spent the claim is free
    # again and the daily sweep queues it once more. An email is never dropped silently.
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(self, notification_id: int) -> bool:
    """Email one notice at most once: claimed before sending, marked sent after, and the
    claim released if sending fails so that the retry can take it."""
    if not _claim(notification_id):
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    if not notification.email_to:
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
        return False
    try:
        send_mail(**_email_fields(notification))
    except Exception:
        logger.exception("email of notification %s not sent; it will be retried", notification_id)
        Notification.objects.filter(pk=notification_id).update(email_claimed_at=None)
        raise
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())
    return True


def unsent_notification_ids(now=None) -> list[int]:
    """Emails never sent: never claimed (the queue lost the task) or claimed long ago."""
    now = now or timezone.now()
    return list(
        Notification.objects.filter(
            Q(email_claimed_at__isnull=True, created_at__lt=now - dt.timedelta(minutes=5))
            | Q(email_claimed_at__lt=now - STALE_CLAIM),
            Q(recipient__email__gt="") | Q(recipient__isnull=True, address__gt=""),
            emailed_at__isnull=True,
        ).values_list("pk", flat=True)
    )


def requeue_unsent_emails() -> int:
    """The core's step of the daily sweep: emails whose task was lost, or whose worker died
    between claim and send, queued again, a batch a task as the sweep queues them (a broker
    down through a first sweep leaves tens of thousands)."""
    from core.notifications import queue_emails  # it imports this module's task lazily too

    ids = unsent_notification_ids()
    batches = [ids[start : start + REQUEUE_BATCH] for start in range(0, len(ids), REQUEUE_BATCH)]
    # A broker that is down fails each batch (logged), and the run goes on to the next.
    return sum(len(batch) for batch in batches if queue_emails(batch))


# A batch's sent marks are written this many emails at a time: a worker that dies mid-batch
# leaves at most this many sent but unmarked, sent again once their claim is stale. One: an
# email is marked as soon as the mail server took it, so a worker killed mid-batch sends at
# most one email twice, as when each email had a task of its own (one UPDATE an email is the
# price; the claim and the session stay one per batch).
MARK_SENT_EVERY = 1


def _claim_many(notification_ids) -> list[Notification]:
    """Take the right to send these emails, in one transaction: the rows another task holds
    (locked, or claimed and not stale) are left to it, so each is claimed by one task."""
    now = timezone.now()
    with transaction.atomic():
        claimed = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .only("subject", "body", "url", "address", "recipient__email")  # the email's
            .filter(_claimable(now), pk__in=notification_ids, emailed_at__isnull=True)
            .order_by("pk")
        )
        # The condition again: SQLite has no row locks, its writers queue behind each other.
        Notification.objects.filter(
            _claimable(now), pk__in=[n.pk for n in claimed], emailed_at__isnull=True
        ).update(email_claimed_at=now)
    return claimed


def _mark_sent(notification_ids) -> None:
    if notification_ids:
        Notification.objects.filter(pk__in=notification_ids).update(emailed_at=timezone.now())


@shared_task(acks_late=True)
def send_notification_emails(notification_ids: list[int]) -> int:
    """The emails of a sweep's batch of notices, one message on the broker for many (a first
    sweep queues tens of thousands): claimed together, sent over one mail connection, each
    marked sent once the mail server took it. One that fails is released and queued again on its own, with
    its retries (send_notification_email)."""
    done, failed, sent = [], [], 0
    mail = get_connection()  # one SMTP session for the batch, not one per email
    try:
        for notification in _claim_many(notification_ids):
            if notification.email_to:
                try:
                    mail.open()  # kept open across sends (a no-op while it is)
                    sent += bool(mail.send_messages([_email(notification)]))
                except Exception:
                    logger.exception(
                        "email of notification %s not sent; queued again alone", notification.pk
                    )
                    failed.append(notification.pk)
                    with contextlib.suppress(Exception):
                        mail.close()  # the next one opens a fresh session
                    continue
            done.append(notification.pk)
            if len(done) >= MARK_SENT_EVERY:
                _mark_sent(done)
                done = []
    finally:
        _mark_sent(done)
        with contextlib.suppress(Exception):
            mail.close()
    if failed:
        Notification.objects.filter(pk__in=failed).update(email_claimed_at=None)
        for notification_id in failed:
            send_notification_email.delay(notification_id)
    return sent


# acks_late: a worker that dies before queuing them all leaves the message to another.
@shared_task(bind=True, acks_late=True, max_retries=5)
def queue_each(self, jobs: list) -> int:
    """One move's tasks, sent by its request as one message (core.queueing.one_message),
    queued here one by one: each then runs, retries and fails on its own. A broker that
    fails midway: the jobs not yet queued are tried again, with backoff; a worker that dies
    midway queues them all again. Every task queued this way is safe to run twice (a
    rendered document is left as it is, a sent notice is not sent again), as the sweeps'
    catch-up already requires; past the retries, what was not queued is the catch-up's."""
    queued = 0
    for done, (name, args) in enumerate(jobs):
        task = self.app.tasks.get(name)
        if task is None:  # a web newer than this worker: its work waits for the catch-up
            logger.error(
                "task %s unknown to this worker, not queued; the catch-up will queue its work", name
            )
            continue
        try:
            task.apply_async(args)
        except Exception as exc:
            countdown = min(300, 5 * 2**self.request.retries)
            raise self.retry(args=(jobs[done:],), exc=exc, countdown=countdown) from exc
        queued += 1
    return queued
