"""Concurrent decisions at the last step of a chain (PostgreSQL, real threads): the quota and
the key leaders' rule hold as they do for the one-step review."""

import datetime as dt

import pytest
from django.utils import timezone

from agencies.tests.factories import OfficialFactory
from approvals import services
from approvals.models import ChainStep
from approvals.tests.chain_helpers import decider_user
from authority.models import Body
from core.tests.threads import run_at_once
from passports.tests.factories import PassportFactory
from trips.exceptions import PolicyBlocked
from trips.models import TripRequest
from trips.tests.factories import TripFactory

D = dt.date
S = TripRequest.Status
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),  # as trips/tests/test_concurrency.py
]


def appraised_trip(official, month_day, **kwargs):
    """A request whose appraisal is done and whose decision step waits for the decider."""
    start = D(2027, *month_day)
    trip = TripFactory(
        agency=official.agency,
        status=S.APPRAISED,
        submitted_at="2027-01-04T08:00:00+07:00",
        departure_date=start,
        return_date=start + dt.timedelta(days=3),
        members=[official],
        justifications={"NOT_IN_ANNUAL_PLAN": "Đột xuất", "TRIP_QUOTA_AT_RISK": "Cần thiết"},
        **kwargs,
    )
    province, department = Body.objects.province(), Body.objects.department()
    ChainStep.objects.create(
        trip=trip, position=1, action="appraise", body=department, kinds=",appraiser,",
        status="approved",
    )  # fmt: skip
    ChainStep.objects.create(
        trip=trip,
        position=2,
        action="decide",
        body=province,
        kinds=",head,deputy,acting_head,",
        issuing_body=province,
        status="active",
        opened_at=timezone.now(),
    )
    return trip


def decide_all_at_once(trips, decider):
    calls = [lambda trip=trip: services.trip_approve(trip=trip, actor=decider).pk for trip in trips]
    approved, refused = run_at_once(calls, expected=(PolicyBlocked,))
    return approved, [[f.code for f in r.findings if f.is_block] for r in refused]


def test_the_quota_holds_at_the_chains_last_step():
    decider = decider_user()
    official = OfficialFactory(management_level="province")
    PassportFactory(official=official)
    TripFactory(
        agency=official.agency,
        status=S.APPROVED,
        departure_date=D(2027, 2, 1),
        return_date=D(2027, 2, 3),
        members=[official],
    )
    trips = [appraised_trip(official, (3 + i // 3, 1 + 9 * (i % 3))) for i in range(6)]

    approved, refused = decide_all_at_once(trips, decider)

    assert len(approved) == 1
    assert all(codes == ["TRIP_QUOTA_EXCEEDED"] for codes in refused) and len(refused) == 5
    assert ChainStep.objects.filter(action="decide", status="approved").count() == 1
    assert ChainStep.objects.filter(action="decide", status="active").count() == 5


def test_two_key_leaders_are_never_both_decided_for_overlapping_days():
    decider = decider_user()
    chair = OfficialFactory(is_key_leader=True, position="Giám đốc")
    deputy = OfficialFactory(agency=chair.agency, is_key_leader=True, position="Phó Giám đốc")
    trips = [
        appraised_trip(chair, (6, 7), kind="private"),
        appraised_trip(deputy, (6, 10), kind="private"),
    ]

    approved, refused = decide_all_at_once(trips, decider)

    assert len(approved) == 1
    assert refused == [["KEY_LEADERS_OVERLAP"]]
