"""The daily sweep's query budget (issue 26): the first run after go-live writes its
reminders a batch at a time (the same queries for 1 report or 40), and a run with nothing
new costs at most 20 queries, however many alerts nobody can receive are pending."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory, OfficialFactory
from core.models import Notification
from passports.tests.factories import PassportFactory
from portal.sweep import daily_sweep
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
D = dt.date
DAY = D(2027, 7, 7)  # a Wednesday


def _overdue_reports(agency, n):
    for _ in range(n):
        head = OfficialFactory(agency=agency, user=UserFactory())
        trip = TripFactory(agency=agency, status=TripRequest.Status.COMPLETED, members=[head])
        PostTripReport.objects.create(trip=trip, due_on=DAY - dt.timedelta(days=1))


def _unreachable_alerts(n):
    """Passports expiring and members leaving soon without one, in an agency with no staff,
    held by officials with no login, and no custodian anywhere: nobody can be told."""
    agency = AgencyFactory()
    for index in range(n):
        holder = OfficialFactory(agency=agency)
        PassportFactory(official=holder, expires_on=DAY + dt.timedelta(days=30 + index))
        TripFactory(agency=agency, status=TripRequest.Status.APPROVED,
                    departure_date=DAY + dt.timedelta(days=3), return_date=DAY + dt.timedelta(days=6),
                    members=[OfficialFactory(agency=agency)])  # fmt: skip


def _queries(today=DAY):
    with CaptureQueriesContext(connection) as queries:
        result = daily_sweep(today)
    return len(queries), result


def test_the_first_runs_reminders_cost_the_same_queries_for_1_or_40_reports(staff_a, reviewer):
    _overdue_reports(staff_a.agency, 1)
    one, result = _queries()
    assert result.reminders == 3  # the head, the agency's staff, the reviewer
    Notification.objects.all().delete()
    PostTripReport.objects.update(next_reminder_on=None)
    _overdue_reports(staff_a.agency, 39)
    forty, result = _queries()
    assert result.reminders == 40 + 2 * 40  # each head; the staff and the reviewer per report
    # SQLite splits an insert of many rows by its 999 parameters: one more statement.
    assert forty - one <= 1


def test_a_run_with_nothing_new_costs_at_most_20_queries(staff_a, reviewer):
    _overdue_reports(staff_a.agency, 3)
    _unreachable_alerts(30)
    daily_sweep(DAY)  # sends what there is, and gives each report its next day
    count, result = _queries()
    assert (result.reminders, result.passport_alerts) == (0, 0)
    assert count <= 20, count
    _unreachable_alerts(30)
    daily_sweep(DAY)
    assert _queries()[0] == count  # the pending alerts cost no query each
