"""The broker down (Redis stopped): committed work answers 2xx, the sweep runs on, and the
emails that could not be queued go out on the next sweep. The broker here is real and
unreachable (a closed port on 127.0.0.1), not a mock."""

import contextlib
import datetime as dt
import socket

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import Notification
from core.queueing import resume_queuing
from portal.sweep import daily_sweep
from reports.models import PostTripReport
from travelmgmt.celery import app
from trips.tests.helpers import JUSTIFIED, approved_trip, draft_trip

# Real commits (on_commit runs as in production). migration_data puts the data migrations'
# rows back; serialized_rollback did too, but only when no other transactional test had run
# before (its rows collided with the content types their flush re-creates: xdist's order).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("eager_tasks", "migration_data"),
]


def _reset_producer_pools():
    # The app keeps its producer pool for the broker it first connected to.
    app._pool = None
    with contextlib.suppress(AttributeError, KeyError):
        app.__dict__["amqp"]._producer_pool = None


@contextlib.contextmanager
def broker_down():
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    keys = (
        "task_always_eager",
        "broker_write_url",
        "broker_connection_timeout",
        "task_publish_retry",
    )
    saved = {key: app.conf.get(key) for key in keys}
    app.conf.update(
        task_always_eager=False,
        # Publishing uses the write URL, which (unlike broker_url) the CELERY_BROKER_URL
        # variable of a CI run does not override.
        broker_write_url=f"redis://127.0.0.1:{port}/0",
        broker_connection_timeout=1,
        task_publish_retry=False,
    )
    _reset_producer_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_producer_pools()
        resume_queuing()  # the pause after a failure is for a broker that is still down


def a_while_later():
    # The sweep leaves a notice alone for 5 minutes, in case its task is still on its way.
    Notification.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))


def test_the_broker_is_really_unreachable():
    from core.tasks import send_notification_email

    with broker_down(), pytest.raises(Exception) as raised:
        send_notification_email.delay(0)
    assert "refused" in str(raised.value).lower() or "connect" in str(raised.value).lower()


def test_submit_and_approve_answer_2xx_and_the_emails_go_out_on_the_next_sweep(staff_a, head_a):
    trip = draft_trip(staff_a)
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    api = APIClient()
    mail.outbox.clear()

    with broker_down():
        api.force_authenticate(staff_a)
        submitted = api.post(f"/api/v1/trips/{trip.pk}/submit/")
        assert submitted.status_code == 200, submitted.content
        api.force_authenticate(head_a)
        approved = api.post(f"/api/v1/trips/{trip.pk}/approve/", {}, format="json")
        assert approved.status_code == 200, approved.content
        assert approved.json()["status"] == "approved"

    assert mail.outbox == []
    notices = Notification.objects.filter(event_key__startswith="trip-transition-")
    assert sorted(n.recipient.email for n in notices) == sorted([head_a.email, staff_a.email])
    assert all(n.emailed_at is None for n in notices)

    a_while_later()
    assert daily_sweep(dt.date(2027, 1, 4)).resent == 2  # the broker is back (in-process)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([head_a.email, staff_a.email])
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()
    assert daily_sweep(dt.date(2027, 1, 4)).resent == 0  # and never twice


def test_the_sweep_runs_on_past_what_it_cannot_queue(staff_a, reviewer, caplog):
    trips = [approved_trip(staff_a, reviewer, title=title) for title in ("Đoàn A", "Đoàn B")]
    for trip in trips:
        PostTripReport.objects.create(trip=trip, due_on=trip.report_due_on)
    Notification.objects.all().delete()  # the approvals' own notices are not the point here
    mail.outbox.clear()

    with broker_down():
        result = daily_sweep(dt.date(2027, 6, 23))  # first working day after the deadline
        assert result.reminders == 4  # staff and reviewer, for each of the two reports
        # The four emails are one task (a sweep queues its batch at once): one attempt waited
        # for the broker, and was logged.
        assert caplog.text.count("the broker cannot be reached") == 1
        assert "emails of 4 notifications not queued" in caplog.text
        a_while_later()
        assert daily_sweep(dt.date(2027, 6, 23)).resent == 0  # still down: nothing queued

    assert mail.outbox == []
    assert daily_sweep(dt.date(2027, 6, 23)).resent == 4
    assert len(mail.outbox) == 4
    assert {trip.title for trip in trips} <= {
        m.subject.split("“")[1].split("”")[0] for m in mail.outbox
    }
