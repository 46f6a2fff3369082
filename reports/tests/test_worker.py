"""The wiring, for real: a Celery worker consumes from Redis and sends an overdue reminder.

No eager mode here: the sweep is queued on the broker, the worker (a thread of this process)
runs it, the sweep queues the email after its commit, and the worker sends it.
"""

import datetime as dt
import time

import pytest
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail
from django.db import connections

from portal.tasks import run_daily_sweep
from reports.models import PostTripReport
from travelmgmt.celery import app
from trips.tests.helpers import approved_trip

pytestmark = [pytest.mark.celery_worker, pytest.mark.usefixtures("migration_data")]


@pytest.fixture
def worker(monkeypatch):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("needs a broker (CELERY_BROKER_URL=redis://...): CI runs it against Redis")
    from celery.contrib.testing.worker import start_worker
    from celery.fixups.django import DjangoWorkerFixup

    # The Django fixup closes database connections around tasks and at start-up; in a test
    # the worker shares the process, so leave the test's connection alone (celery #4511).
    monkeypatch.setattr(DjangoWorkerFixup, "close_database", lambda self, **kwargs: None)
    assert not app.conf.task_always_eager
    app.control.purge()  # nothing left over from other tests' queued tasks
    # The worker thread's own connections, closed after each of its tasks (the signal runs in
    # that thread): left open, they outlived the test and the suite's teardown could not drop
    # the test database ("being accessed by other users").
    task_postrun.connect(_close_this_threads_connections)
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", shutdown_timeout=30):
            yield
    finally:
        task_postrun.disconnect(_close_this_threads_connections)


def _close_this_threads_connections(**kwargs):
    connections.close_all()


def test_a_real_worker_sends_the_reminder_of_an_overdue_report(worker, staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)
    PostTripReport.objects.create(trip=trip, due_on=trip.report_due_on)
    mail.outbox.clear()

    run_daily_sweep.delay("2027-06-23")  # first working day after the 22/6 deadline

    def reminders():
        # The approval's own notices go out through the worker too; keep the reminders.
        return [m for m in mail.outbox if "quá hạn 1 ngày làm việc" in m.subject]

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(reminders()) < 2:
        time.sleep(0.2)
    sent = sorted(address for message in reminders() for address in message.to)
    assert sent == sorted([staff_a.email, reviewer.email])
    assert dt.date(2027, 6, 23) > trip.report_due_on
