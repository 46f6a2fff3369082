"""A sweep's emails are sent by one task per batch: claimed together, sent over one mail
connection, each sent once whoever else holds it, for the same queries whatever their number
(a sent mark every MARK_SENT_EVERY emails aside)."""

import datetime as dt
import math

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.models import Notification
from core.tasks import MARK_SENT_EVERY, STALE_CLAIM, send_notification_emails

pytestmark = pytest.mark.django_db


def _notices(n, key="report-1-overdue-20270707"):
    return [
        Notification.objects.create(recipient=user, event_key=key, subject="Nhắc", body="b")
        for user in UserFactory.create_batch(n)
    ]


def _send(notices):
    with CaptureQueriesContext(connection) as queries:
        sent = send_notification_emails.run([n.pk for n in notices])
    return sent, len(queries)


def test_each_email_is_sent_once_and_marked_sent():
    notices = _notices(3)
    assert _send(notices)[0] == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(n.recipient.email for n in notices)
    assert not Notification.objects.filter(emailed_at=None).exists()
    assert _send(notices)[0] == 0  # a task delivered twice sends nothing more
    assert len(mail.outbox) == 3


def test_an_email_another_worker_is_sending_is_left_to_it_unless_its_claim_is_stale():
    fresh, stale, free = _notices(3)
    Notification.objects.filter(pk=fresh.pk).update(email_claimed_at=timezone.now())
    Notification.objects.filter(pk=stale.pk).update(
        email_claimed_at=timezone.now() - STALE_CLAIM - dt.timedelta(minutes=1)
    )
    assert _send([fresh, stale, free])[0] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [stale.recipient.email, free.recipient.email]
    )
    fresh.refresh_from_db()
    assert fresh.emailed_at is None  # still its worker's


def test_a_notice_without_an_address_is_marked_done_without_an_email():
    (notice,) = _notices(1)
    notice.recipient.email = ""
    notice.recipient.save()
    assert _send([notice])[0] == 0 and mail.outbox == []
    notice.refresh_from_db()
    assert notice.emailed_at is not None


def test_the_queries_do_not_grow_with_the_emails_but_by_their_sent_marks():
    _, for_three = _send(_notices(3, "a"))
    many = MARK_SENT_EVERY * 2 + 3
    sent, for_many = _send(_notices(many, "b"))
    assert sent == many
    marks = math.ceil(many / MARK_SENT_EVERY) - math.ceil(3 / MARK_SENT_EVERY)
    assert for_many == for_three + marks, (for_three, for_many)


def test_a_failing_email_is_queued_again_alone_and_the_others_go_on(settings):
    from core.tests.mail_backends import FailingFirst
    from travelmgmt.celery import app

    settings.EMAIL_BACKEND = "core.tests.mail_backends.FailingFirst"
    FailingFirst.failures, FailingFirst.attempts = 1, []
    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    # In-process, the retried one runs at once (a worker would wait with backoff).
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, False
    try:
        notices = _notices(3)
        assert _send(notices)[0] == 2
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved
    assert len(FailingFirst.attempts) == 4 and FailingFirst.attempts[0] == FailingFirst.attempts[3]
    assert len(mail.outbox) == 3
    assert not Notification.objects.filter(emailed_at=None).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tasks_with_the_same_batch_at_once_send_each_email_once():
    from core.tests.threads import run_at_once

    ids = [n.pk for n in _notices(40)]
    results, _ = run_at_once([lambda: send_notification_emails.run(ids)] * 2)
    assert sum(results) == 40
    assert len(mail.outbox) == 40
    assert len({m.to[0] for m in mail.outbox}) == 40


def test_an_address_without_a_login_goes_in_a_batch_too():
    notice = Notification.objects.create(
        address="a@example.vn", event_key="holder-1", subject="Nhắc", body="b"
    )
    (other,) = _notices(1)
    assert _send([notice, other])[0] == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(["a@example.vn", other.recipient.email])


def test_lost_emails_are_queued_again_a_batch_a_task(
    monkeypatch, django_capture_on_commit_callbacks
):
    from core import tasks

    notices = _notices(5)
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    monkeypatch.setattr(tasks, "REQUEUE_BATCH", 2)
    queued = []  # what the broker is given
    monkeypatch.setattr(tasks.send_notification_emails, "delay", queued.append)
    assert tasks.requeue_unsent_emails() == 5
    assert sorted(pk for batch in queued for pk in batch) == sorted(n.pk for n in notices)
    assert [len(batch) for batch in queued] == [2, 2, 1]
