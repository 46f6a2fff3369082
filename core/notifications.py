"""In-app notices and their emails: the row in the caller's transaction, the email after it."""

from typing import NamedTuple

from django.db import transaction
from django.db.models import QuerySet

from core.models import Notification
from core.queueing import enqueue
from core.rawsql import insert_new, insert_new_for_each
from core.validators import single_line


class PeopleSQL(NamedTuple):
    """The recipients as a hand-written SELECT of active users' ids, named `pk`, and its
    parameters: for a hot path whose queryset took longer to compile than to run."""

    sql: str
    params: list


def notify(*, recipients, event_key: str, subject: str, body: str, url: str = "") -> list:
    """Write one notice per recipient (never twice for the same event: the unique constraint
    skips those already there, even ones another transaction writes at the same moment) and
    queue their emails, one task for them all, once the surrounding transaction commits. One
    statement whatever the number of recipients; `recipients` as a queryset (or PeopleSQL)
    are not even read first. Returns the notices written (their recipients by id)."""
    # A subject from core.i18n.remembering_gettext keeps its source: read in any language.
    source = {
        "subject_template": getattr(subject, "msgid", ""),
        "subject_params": getattr(subject, "params", None),
    }
    # The subject is an email header: user text in it (a trip's title) stays on one line.
    subject = single_line(str(subject))[:255]
    fields = {"event_key": event_key, "subject": subject, "body": body, "url": url, **source}
    if isinstance(recipients, QuerySet | PeopleSQL):  # not read first: INSERT … SELECT
        written = insert_new_for_each(
            Notification(**fields),
            field="recipient",
            select=recipients
            if isinstance(recipients, PeopleSQL)
            else recipients.filter(is_active=True),
            returning=("id", "recipient"),
        )
    else:
        rows = [Notification(recipient=r, **fields) for r in {r.pk: r for r in recipients}.values()
                if r.is_active]  # fmt: skip
        written = insert_new(rows, returning=("id", "recipient")) if rows else []
    created = []
    for pk, recipient_id in written:
        notification = Notification(pk=pk, recipient_id=recipient_id, **fields)
        notification._state.adding = False
        created.append(notification)
    if written:
        ids = [pk for pk, _ in written]
        transaction.on_commit(lambda: queue_notice_emails(ids))
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


def queue_notice_emails(notification_ids: list[int]) -> bool:
    """The emails of one event's notices: one task for one, one message on the broker for
    several (a step that ten people may take: one publish, not ten, at the end of the move's
    request)."""
    if len(notification_ids) == 1:
        return queue_email(notification_ids[0])
    return queue_emails(notification_ids)


NOTIFY_MANY_BATCH = 1000  # rows an INSERT (well under either database's parameter limit)


def notify_many(notices) -> int:
    """Many events at once, for the daily sweep: `notices` are (ids of active recipients,
    event key, subject, body, url). The same rows as notify() writes, never twice per (recipient,
    event): the rows already there read in one query, then one INSERT … RETURNING a thousand
    rows; each new row's email is queued after the commit. Call it in a transaction. Returns
    how many notices were written."""
    subjects = {}
    wanted = {}
    for recipient_ids, event_key, subject, body, url in notices:
        # As in notify(): a remembered subject (core.i18n) keeps its source and parameters.
        source = (getattr(subject, "msgid", ""), getattr(subject, "params", None))
        subject = subjects.setdefault(str(subject), single_line(str(subject))[:255])
        for recipient_id in recipient_ids:
            wanted.setdefault((recipient_id, event_key), (subject, body, url, source))
    if not wanted:
        return 0
    keys = {event_key for _, event_key in wanted}
    existing = set(
        Notification.objects.filter(event_key__in=keys).values_list("recipient_id", "event_key")
    )
    rows = [
        Notification(
            recipient_id=r,
            event_key=k,
            subject=s,
            body=b,
            url=u,
            subject_template=source[0],
            subject_params=source[1],
        )
        for (r, k), (s, b, u, source) in wanted.items()
        if (r, k) not in existing
    ]
    if not rows:
        return 0
    # A sweep running at the same moment may have written some of them first: those are
    # skipped, and only the rows written here come back to have their emails queued.
    ids = [
        pk
        for start in range(0, len(rows), NOTIFY_MANY_BATCH)
        for (pk,) in insert_new(rows[start : start + NOTIFY_MANY_BATCH], returning=("id",))
    ]
    transaction.on_commit(lambda: queue_emails(ids))
    return len(ids)


def queue_emails(notification_ids: list[int]) -> bool:
    """Queue the emails of many notices as one task (core.tasks.send_notification_emails);
    False if it could not be queued: the daily sweep queues them again."""
    from core.tasks import send_notification_emails

    if not notification_ids:
        return True
    return enqueue(
        send_notification_emails,
        list(notification_ids),
        what=f"emails of {len(notification_ids)} notifications",
        later="the daily sweep will send them",
    )
