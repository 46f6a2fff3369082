"""The daily sweep: trips completed, reports opened, reminders sent once, escalated on time."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from core.models import Notification
from core.tasks import STALE_CLAIM, send_notification_email
from core.tests.threads import run_at_once
from portal.sweep import daily_sweep
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.helpers import approved_trip

D = dt.date
pytestmark = pytest.mark.usefixtures("eager_tasks")


@pytest.fixture
def people(db, staff_a, reviewer):
    """An approved trip (back 11/6/2027, report due 22/6) whose head has a login, and a key
    leader of the agency with a login."""
    trip = approved_trip(staff_a, reviewer)
    head = trip.members.get(is_head=True).official
    head.user = UserFactory(username="truongdoan")
    head.save()
    leader = OfficialFactory(
        agency=staff_a.agency, is_key_leader=True, user=UserFactory(username="giamdoc")
    )
    return {
        "trip": trip,
        "head": head.user,
        "leader": leader.user,
        "staff": staff_a,
        "reviewer": reviewer,
    }


def sweep(day, capture):
    with capture(execute=True):
        return daily_sweep(day)


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_sweep_completes_the_trip_and_opens_its_report(
    people, django_capture_on_commit_callbacks
):
    result = sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    trip = TripRequest.objects.get()
    assert result.completed == 1 and trip.status == TripRequest.Status.COMPLETED
    assert (
        trip.report.due_on == D(2027, 6, 22) and trip.report.status == PostTripReport.Status.DRAFT
    )


def test_due_soon_goes_to_the_head_and_the_agency_staff_once(
    people, django_capture_on_commit_callbacks
):
    sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    first = sweep(D(2027, 6, 18), django_capture_on_commit_callbacks)
    assert first.reminders == 2
    assert recipients() == sorted([people["head"].email, people["staff"].email])
    again = sweep(D(2027, 6, 18), django_capture_on_commit_callbacks)
    assert again.reminders == 0 and len(mail.outbox) == 2  # run twice: one email each


def test_overdue_escalates_to_key_leaders_and_reviewers_every_three_working_days(
    people, django_capture_on_commit_callbacks
):
    sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    days_sent = []
    for day in [D(2027, 6, 22) + dt.timedelta(days=n) for n in range(1, 12)]:
        before = len(mail.outbox)
        sweep(day, django_capture_on_commit_callbacks)
        if len(mail.outbox) > before:
            days_sent.append(day)
    # Late 1 (Wed 23), 4 (Mon 28), 7 (Thu 1 July); never on the weekend.
    assert days_sent == [D(2027, 6, 23), D(2027, 6, 28), D(2027, 7, 1)]
    assert set(recipients()) == {
        people[who].email for who in ("head", "staff", "leader", "reviewer")
    }
    assert "quá hạn 1 ngày làm việc" in mail.outbox[0].subject


def test_a_filed_report_stops_the_reminders(people, django_capture_on_commit_callbacks):
    sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    report = PostTripReport.objects.get()
    PostTripReport.objects.filter(pk=report.pk).update(status=PostTripReport.Status.SUBMITTED)
    mail.outbox.clear()
    assert sweep(D(2027, 6, 23), django_capture_on_commit_callbacks).reminders == 0


def test_an_smtp_error_is_retried_and_the_email_sent_once(
    people, django_capture_on_commit_callbacks, settings
):
    from core.tests.mail_backends import FailingFirst
    from travelmgmt.celery import app

    sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    # In-process, Celery re-applies a retried task at once (a worker would wait with backoff).
    app.conf.task_eager_propagates = False
    mail.outbox.clear()
    settings.EMAIL_BACKEND = "core.tests.mail_backends.FailingFirst"
    FailingFirst.failures, FailingFirst.attempts = 1, []
    sweep(D(2027, 6, 18), django_capture_on_commit_callbacks)
    # The batch's first email fails, the second goes on the same connection; the first is
    # queued again alone and sent.
    assert len(FailingFirst.attempts) == 3
    assert FailingFirst.attempts[0] == FailingFirst.attempts[2]
    assert len(mail.outbox) == 2
    assert not Notification.objects.filter(
        event_key__startswith="report-", emailed_at=None
    ).exists()


def test_a_crash_between_claim_and_send_is_resent_by_the_next_sweep(
    people, django_capture_on_commit_callbacks
):
    sweep(D(2027, 6, 14), django_capture_on_commit_callbacks)
    notice = Notification.objects.create(
        recipient=people["staff"], subject="Nhắc", body="Nhắc", event_key="thu-nghiem"
    )
    # A worker claimed it and died before sending.
    Notification.objects.filter(pk=notice.pk).update(
        email_claimed_at=timezone.now() - STALE_CLAIM - dt.timedelta(minutes=1)
    )
    mail.outbox.clear()
    result = sweep(D(2027, 6, 15), django_capture_on_commit_callbacks)
    assert result.resent == 1
    assert [m.subject for m in mail.outbox] == ["Nhắc"]
    assert sweep(D(2027, 6, 15), django_capture_on_commit_callbacks).resent == 0


def test_a_fresh_claim_is_not_sent_twice(people):
    notice = Notification.objects.create(
        recipient=people["staff"], subject="Nhắc", body="Nhắc", event_key="thu-nghiem"
    )
    assert send_notification_email.apply(args=[notice.pk]).get() is True
    assert send_notification_email.apply(args=[notice.pk]).get() is False
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.usefixtures("migration_data")
def test_two_sweeps_at_once_send_one_email_each(reviewer, staff_a):
    trip = approved_trip(staff_a, reviewer)
    daily_sweep(D(2027, 6, 14))
    mail.outbox.clear()
    run_at_once([lambda: daily_sweep(D(2027, 6, 18))] * 2)
    assert trip.report.pk
    assert Notification.objects.filter(event_key__startswith="report-").count() == 1
    assert len(mail.outbox) == 1
