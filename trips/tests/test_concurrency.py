"""Concurrent approvals on PostgreSQL with real threads: the row locks hold the limits."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections, connection

from agencies.tests.factories import OfficialFactory
from passports.tests.factories import PassportFactory
from trips import services
from trips.exceptions import PolicyBlocked
from trips.models import TripRequest
from trips.tests.factories import TripFactory

D = dt.date
S = TripRequest.Status
# serialized_rollback: the flush after a transactional test would drop the data migrations' rows.
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def approve_all_at_once(trips, reviewer):
    """Start one thread per approval behind a barrier; return (approved, refused findings)."""
    barrier = threading.Barrier(len(trips))
    approved, refused, errors = [], [], []

    def approve(trip):
        try:
            barrier.wait(timeout=30)
            services.trip_approve(trip=trip, actor=reviewer)
            approved.append(trip.pk)
        except PolicyBlocked as blocked:
            refused.append([f.code for f in blocked.findings if f.is_block])
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(trip,)) for trip in trips]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    close_old_connections()
    assert not errors, errors
    return approved, refused


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
