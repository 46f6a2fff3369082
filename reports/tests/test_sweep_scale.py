"""The daily sweep at a province's scale: it reads only what is due today (issue 17: a run
with nothing to send walked 56 000 open reports in 268 s)."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from benchmarks import policy_check
from conftest import ON_POSTGRES
from core.models import Notification
from core.tasks import MARK_SENT_EVERY
from passports.tests.factories import PassportFactory
from portal.sweep import daily_sweep
from reports import sweep as sweep_module
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.factories import TripFactory

D = dt.date
DAY = D(2027, 7, 7)  # a Wednesday


@pytest.fixture
def add_reports(db, staff_a):
    """Open reports of completed trips, due on days spread over the months before DAY, each
    head of delegation with a login (so a reminder has someone to reach) and a passport that
    expires within six months (alerted once)."""

    def add(n):
        for index in range(n):
            head = OfficialFactory(agency=staff_a.agency, user=UserFactory())
            PassportFactory(official=head, expires_on=DAY + dt.timedelta(days=30 + index))
            trip = TripFactory(
                agency=staff_a.agency, status=TripRequest.Status.COMPLETED, members=[head]
            )
            PostTripReport.objects.create(trip=trip, due_on=DAY - dt.timedelta(days=index % 150))

    return add


def queries_of_a_run_with_nothing_due():
    daily_sweep(DAY)  # sends what is due today and gives every report its next day
    with CaptureQueriesContext(connection) as queries:
        assert daily_sweep(DAY).reminders == 0
    return len(queries)


def test_a_run_with_nothing_due_costs_the_same_whatever_the_open_reports(add_reports):
    add_reports(1)
    one = queries_of_a_run_with_nothing_due()
    add_reports(199)
    assert queries_of_a_run_with_nothing_due() == one


def test_each_report_is_given_its_next_reminder_day(add_reports):
    add_reports(3)
    daily_sweep(DAY)
    due = {r.due_on: r.next_reminder_on for r in PostTripReport.objects.all()}
    # Due today: reminded today, next on the first overdue working day (Thursday).
    # Due yesterday (1 working day late, reminded today): next at 4 late, Monday 12/07.
    # Due on Monday 05/07 (2 late): next at 4 late, Friday 09/07.
    assert due == {DAY: D(2027, 7, 8), D(2027, 7, 6): D(2027, 7, 12), D(2027, 7, 5): D(2027, 7, 9)}


def test_one_failing_report_does_not_stop_the_run_and_is_retried(add_reports, staff_a):
    add_reports(2)  # both due on working days whose reminder falls today
    first, second = PostTripReport.objects.order_by("pk")
    real = sweep_module._recipients

    def failing_for_the_first(report, kind):
        if report.pk == first.pk:
            raise RuntimeError("the mail server said no")
        return real(report, kind)

    real_batch = sweep_module._recipient_ids

    def batch_failing_with_the_first(batch, *args):
        if first.pk in {report.pk for report in batch}:
            raise RuntimeError("the mail server said no")
        return real_batch(batch, *args)

    # The batch fails, then each report alone: only the first fails again.
    with (
        mock.patch.object(sweep_module, "_recipients", failing_for_the_first),
        mock.patch.object(sweep_module, "_recipient_ids", batch_failing_with_the_first),
    ):
        assert daily_sweep(DAY).reminders == 2  # the second report: its head and the staff
    first.refresh_from_db(), second.refresh_from_db()
    assert first.next_reminder_on is None and second.next_reminder_on > DAY
    assert daily_sweep(DAY).reminders == 2  # the next run reminds the first one


@pytest.mark.skipif(not ON_POSTGRES, reason="EXPLAIN of PostgreSQL")
def test_the_due_reports_are_found_by_index(db):
    policy_check.fill(officials=2_000, trips=20_000, agencies=20, verbose=False)
    # Every open report already has its next reminder day, none of them today.
    PostTripReport.objects.update(next_reminder_on=policy_check.TODAY + dt.timedelta(days=1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE reports_posttripreport")
    with CaptureQueriesContext(connection) as queries:
        assert daily_sweep(policy_check.TODAY).reminders == 0
    (due,) = [q["sql"] for q in queries if "next_reminder_on" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {due}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "report_next_reminder_open" in plan and "Seq Scan on reports_post" not in plan, plan


def _first_sweep_queries(agency, n, capture):
    """Queries of a first sweep reminding n overdue reports, their emails sent (in-process)
    after its commits."""
    for _ in range(n):
        head = OfficialFactory(agency=agency, user=UserFactory())
        trip = TripFactory(agency=agency, status=TripRequest.Status.COMPLETED, members=[head])
        PostTripReport.objects.create(trip=trip, due_on=DAY - dt.timedelta(days=1))
    mail.outbox.clear()
    with CaptureQueriesContext(connection) as queries, capture(execute=True):
        reminded = sweep_module.send_report_reminders(DAY)
    assert len(mail.outbox) == reminded
    Notification.objects.all().delete()
    PostTripReport.objects.update(next_reminder_on=None)
    return reminded, len(queries)


@pytest.mark.usefixtures("eager_tasks")
def test_a_first_sweeps_queries_do_not_grow_with_the_reports_reminded(
    staff_a, reviewer, django_capture_on_commit_callbacks
):
    reminded, three = _first_sweep_queries(staff_a.agency, 3, django_capture_on_commit_callbacks)
    assert reminded == 3 * 3  # each report: its head, the agency's staff, the reviewer
    reminded, thirty = _first_sweep_queries(staff_a.agency, 27, django_capture_on_commit_callbacks)
    assert reminded == 30 + 2 * 30
    # The emails' sent marks: one more UPDATE per MARK_SENT_EVERY emails (core/tasks.py);
    # SQLite splits an insert of many rows by its 999 parameters: one more statement.
    more = reminded // MARK_SENT_EVERY + (0 if ON_POSTGRES else 1)
    assert thirty - three <= more, (three, thirty)
