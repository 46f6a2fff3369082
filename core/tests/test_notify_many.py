"""Notices to many people at once cost the same queries as to one, and never twice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from core.models import Notification
from core.notifications import notify, notify_many

pytestmark = pytest.mark.django_db


def _notify(people, key="trip-1-submitted"):
    with CaptureQueriesContext(connection) as queries:
        created = notify(recipients=people, event_key=key, subject="Hồ sơ\nmới", body="b")
    return created, len(queries)


def test_notify_costs_the_same_for_one_or_ten_recipients_and_never_twice(
    django_capture_on_commit_callbacks,
):
    one, ten = UserFactory.create_batch(1), UserFactory.create_batch(10)
    with django_capture_on_commit_callbacks() as emails:
        created, for_one = _notify(one, "a")
        assert len(created) == 1 and created[0].subject == "Hồ sơ mới"  # one line
        created, for_ten = _notify(ten + one, "b")
    # One queueing per event: the one's email alone, the eleven as one task.
    assert for_ten == for_one and len(created) == 11 and len(emails) == 2
    inactive = UserFactory(is_active=False)
    assert _notify([*ten, inactive], "b")[0] == []  # all there already; the inactive never
    assert Notification.objects.filter(event_key="b").count() == 11


def test_notify_many_writes_each_notice_once(django_capture_on_commit_callbacks):
    people = UserFactory.create_batch(3)
    ids = {p.pk for p in people}
    notices = [(ids, f"report-{n}-overdue", "Quá hạn", "b", "/u/") for n in range(5)]
    with django_capture_on_commit_callbacks() as emails:
        with CaptureQueriesContext(connection) as queries:
            assert notify_many(notices) == 15
        assert notify_many(notices) == 0  # a second run (or sweep) writes nothing
    assert len(queries) <= 3 and len(emails) == 1  # one queueing callback, nothing new after
    assert Notification.objects.count() == 15


def test_notify_people_of_a_query_in_one_statement_never_twice(django_capture_on_commit_callbacks):
    """A queryset of recipients (the workflow's) is not read first: INSERT … SELECT, its
    values typed as their columns (PostgreSQL), the inactive left out, each person once."""
    from accounts.models import User
    from core.i18n import remembering_gettext

    people = UserFactory.create_batch(3, first_name="Nhận")
    UserFactory(first_name="Nhận", is_active=False)
    already = UserFactory(first_name="Nhận")
    notify(recipients=[already], event_key="k", subject="Cũ", body="b")
    subject = remembering_gettext("Hồ sơ mới chờ thẩm định: %(title)s") % {"title": "Đoàn\nA"}
    with django_capture_on_commit_callbacks() as emails:
        with CaptureQueriesContext(connection) as queries:
            created = notify(
                recipients=User.objects.filter(first_name="Nhận").order_by("-pk"),
                event_key="k",
                subject=subject,
                body="Nội dung",
                url="/trips/1/",
            )
    assert len(queries) == 1 and len(emails) == 1
    assert {n.recipient_id for n in created} == {p.pk for p in people}
    row = Notification.objects.get(recipient=people[0], event_key="k")
    assert (row.subject, row.body, row.url) == (
        "Hồ sơ mới chờ thẩm định: Đoàn A",
        "Nội dung",
        "/trips/1/",
    )
    assert row.subject_params == {"title": "Đoàn\nA"} and row.created_at is not None
    assert row.read_at is None and row.emailed_at is None
    assert Notification.objects.get(recipient=already, event_key="k").subject == "Cũ"
    assert notify(recipients=User.objects.all(), event_key="k", subject="x", body="b") == []


def test_notify_nobody_of_an_empty_query():
    from accounts.models import User

    assert notify(recipients=User.objects.none(), event_key="k", subject="x", body="b") == []
    assert (
        notify(recipients=User.objects.filter(pk__in=[]), event_key="k", subject="x", body="b")
        == []
    )


@pytest.mark.usefixtures("eager_tasks")
def test_an_events_emails_are_one_task_each_sent_once(django_capture_on_commit_callbacks):
    """Several notices of one event: one message on the broker (send_notification_emails),
    every email sent, each marked sent, none twice; one notice keeps the task with retries."""
    from celery.signals import task_prerun
    from django.core import mail

    people = UserFactory.create_batch(4)
    mail.outbox.clear()
    ran = []

    def record(sender=None, **kwargs):
        ran.append(sender.name)

    task_prerun.connect(record)
    try:
        with django_capture_on_commit_callbacks(execute=True) as queued:
            notify(recipients=people, event_key="e", subject="Hồ sơ mới", body="b")
            notify(recipients=people[:1], event_key="f", subject="Hồ sơ khác", body="b")
    finally:
        task_prerun.disconnect(record)
    assert len(queued) == 2
    assert ran == ["core.tasks.send_notification_emails", "core.tasks.send_notification_email"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [*(p.email for p in people), people[0].email]
    )
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
