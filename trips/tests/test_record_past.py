"""Trips decided before the system was used, recorded by the administrator (API.md, last
section): approved or completed at once, counted by every rule, with their own history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies.tests.factories import OfficialFactory
from approvals import services as approval_services
from core.models import Notification
from trips import policy, services
from trips.models import TripRequest
from trips.policy.facts import MemberData, TripData
from trips.tests.helpers import (
    PAST_DEPARTURE,
    PAST_RETURN,
    administrator,
    past_trip,
    ready_officials,
    trip_fields,
)

S = TripRequest.Status
pytestmark = pytest.mark.django_db


def record(actor, agency, people, **overrides):
    arguments = {
        "actor": actor,
        "fields": trip_fields(
            departure_date=PAST_DEPARTURE, return_date=PAST_RETURN, agency=agency
        ),
        "members": [MemberData(p.id, i == 0) for i, p in enumerate(people)],
        "decision_number": "125/QĐ-UBND",
        "decided_on": dt.date(2026, 4, 6),
        "decided_by": "Chủ tịch UBND tỉnh",
        "status": S.COMPLETED,
        **overrides,
    }
    return services.trip_record_past(**arguments)


def test_a_past_trip_is_recorded_at_once_with_its_own_history(staff_a):
    admin = administrator()
    admin.first_name, admin.last_name = "Quản trị", "Viên"
    people = ready_officials(staff_a.agency, 2)
    notices = Notification.objects.count()
    trip = record(admin, staff_a.agency, people)
    assert trip.status == S.COMPLETED and trip.agency == staff_a.agency
    assert timezone.localdate(trip.decided_at) == dt.date(2026, 4, 6)
    assert trip.report_due_on == dt.date(2026, 5, 8)
    assert trip.report.due_on == dt.date(2026, 5, 8)  # owed, so reminded like any other
    assert [m.official_id for m in trip.members.order_by("-is_head", "id")] == [
        p.id for p in people
    ]
    (row,) = trip.history.all()
    assert (row.from_status, row.to_status, row.actor) == ("", S.COMPLETED, admin)
    assert row.note.startswith("Ghi nhận sau khi đã quyết định, do Quản trị Viên ghi nhận")
    assert "125/QĐ-UBND" in row.note and "06/04/2026" in row.note
    assert "Chủ tịch UBND tỉnh" in row.note
    assert row.policy["max_trip_span_days"] == 90
    assert Notification.objects.count() == notices  # nothing happened: a record


@pytest.mark.parametrize("status", [S.APPROVED, S.COMPLETED])
def test_a_recorded_trip_counts_in_the_rules(staff_a, status):
    leader = OfficialFactory(agency=staff_a.agency, is_key_leader=True)
    other_leader = OfficialFactory(agency=staff_a.agency, is_key_leader=True)
    for month in (1, 3):
        past_trip(
            staff_a.agency,
            members=[leader],
            status=status,
            departure_date=dt.date(2026, month, 5),
            return_date=dt.date(2026, month, 9),
        )
    # A third business trip departing in 2026 is over the quota; another key leader of the
    # agency cannot be away on the same days.
    third = TripData(
        kind="business",
        agency_id=staff_a.agency_id,
        departure_date=dt.date(2026, 12, 20),
        return_date=dt.date(2026, 12, 22),
        members=[MemberData(leader.id, True)],
    )
    assert "TRIP_QUOTA_EXCEEDED" in [f.code for f in policy.check(third)]
    overlapping = TripData(
        kind="private",
        agency_id=staff_a.agency_id,
        departure_date=dt.date(2026, 3, 9),
        return_date=dt.date(2026, 3, 12),
        members=[MemberData(other_leader.id, True)],
    )
    assert "KEY_LEADERS_OVERLAP" in [f.code for f in policy.check(overlapping)]


def test_an_approved_record_is_completed_by_the_sweep_and_reviewers_see_it(staff_a, reviewer):
    from trips.selectors import trips_visible_to

    trip = past_trip(staff_a.agency, status=S.APPROVED)
    assert trips_visible_to(reviewer).filter(pk=trip.pk).exists()
    assert approval_services.trip_complete(trip=trip).status == S.COMPLETED


@pytest.mark.parametrize("role", ["staff_a", "reviewer", "custodian"])
def test_only_the_administrator_records_past_trips(request, staff_a, role):
    people = ready_officials(staff_a.agency, 1)
    with pytest.raises(PermissionDenied):
        record(request.getfixturevalue(role), staff_a.agency, people)
    assert not TripRequest.objects.exists()


def today_plus(days):
    return timezone.localdate() + dt.timedelta(days=days)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"status": S.SUBMITTED}, "status"),
        ({"status": S.DRAFT}, "status"),
        ({"decision_number": "  "}, "decision_number"),
        ({"decided_by": ""}, "decided_by"),
        ({"decided_on": None}, "decided_on"),
        ({"decided_on": PAST_DEPARTURE + dt.timedelta(days=1)}, "decided_on"),
        # Not departed yet (or departing today): it goes through the ordinary process.
        ({"departure": 0, "return": 3}, "departure_date"),
        ({"departure": 10, "return": 13}, "departure_date"),
        # Not back yet: approved, not completed.
        ({"departure": -3, "return": 0}, "status"),
        # A trip that cannot be: 91 days.
        ({"departure": -100, "return": -10}, "return_date"),
    ],
)
def test_what_cannot_be_recorded(staff_a, overrides, field):
    people = ready_officials(staff_a.agency, 1)
    if "departure" in overrides:
        departure = today_plus(overrides.pop("departure"))
        return_date = today_plus(overrides.pop("return"))
        overrides["fields"] = trip_fields(
            departure_date=departure, return_date=return_date, agency=staff_a.agency
        )
        overrides["decided_on"] = min(departure, timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        record(administrator(), staff_a.agency, people, **overrides)
    assert field in refused.value.message_dict
    assert not TripRequest.objects.exists()


def test_a_trip_under_way_is_recorded_as_approved(staff_a):
    people = ready_officials(staff_a.agency, 1)
    fields = trip_fields(departure_date=today_plus(-3), return_date=today_plus(0))
    trip = record(
        administrator(),
        staff_a.agency,
        people,
        fields={**fields, "agency": staff_a.agency},
        decided_on=today_plus(-10),
        status=S.APPROVED,
    )
    assert trip.status == S.APPROVED


def test_members_must_be_officials_of_the_agency(staff_a, staff_b):
    with pytest.raises(ValidationError) as refused:
        record(administrator(), staff_a.agency, ready_officials(staff_b.agency, 1))
    assert "members" in refused.value.message_dict
