"""Concurrent approvals on PostgreSQL with real threads: the row locks hold the limits."""

import datetime as dt

import pytest

from agencies.tests.factories import OfficialFactory
from approvals import services
from core.tests.threads import run_at_once
from passports.tests.factories import PassportFactory
from trips.exceptions import PolicyBlocked
from trips.models import TripRequest
from trips.tests.factories import TripFactory

D = dt.date
S = TripRequest.Status
# migration_data: the flush after a transactional test drops the data migrations' rows
# (serialized_rollback collided with content types re-created by an earlier test's flush).
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def approve_all_at_once(trips, reviewer):
    """Approve every trip at the same moment; return (approved ids, blocking codes refused)."""
    calls = [
        lambda trip=trip: services.trip_approve(trip=trip, actor=reviewer).pk for trip in trips
    ]
    approved, refused = run_at_once(calls, expected=(PolicyBlocked,))
    return approved, [[f.code for f in r.findings if f.is_block] for r in refused]


def submitted_trip(official, month_day, **kwargs):
    start = D(2027, *month_day)
    return TripFactory(
        agency=official.agency,
        status=S.SUBMITTED,
        submitted_at="2027-01-04T08:00:00+07:00",
        departure_date=start,
        return_date=start + dt.timedelta(days=3),
        members=[official],
        justifications={"NOT_IN_ANNUAL_PLAN": "Đột xuất", "TRIP_QUOTA_AT_RISK": "Cần thiết"},
        **kwargs,
    )


def test_ten_approvals_for_one_official_with_one_trip_let_exactly_one_through(reviewer):
    official = OfficialFactory()
    PassportFactory(official=official)
    TripFactory(
        agency=official.agency,
        status=S.APPROVED,
        departure_date=D(2027, 2, 1),
        return_date=D(2027, 2, 3),
        members=[official],
    )
    trips = [submitted_trip(official, (3 + i // 3, 1 + 9 * (i % 3))) for i in range(10)]

    approved, refused = approve_all_at_once(trips, reviewer)

    assert len(approved) == 1
    assert len(refused) == 9
    assert all(codes == ["TRIP_QUOTA_EXCEEDED"] for codes in refused)
    assert TripRequest.objects.filter(status=S.APPROVED).count() == 2


def test_two_key_leaders_of_one_agency_are_never_both_approved_for_overlapping_days(reviewer):
    chair = OfficialFactory(is_key_leader=True, position="Giám đốc")
    deputy = OfficialFactory(agency=chair.agency, is_key_leader=True, position="Phó Giám đốc")
    trips = [
        submitted_trip(chair, (6, 7), kind="private"),
        submitted_trip(deputy, (6, 10), kind="private"),  # shares 10 June
    ]

    approved, refused = approve_all_at_once(trips, reviewer)

    assert len(approved) == 1
    assert refused == [["KEY_LEADERS_OVERLAP"]]
