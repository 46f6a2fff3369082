"""One count of an official's year (trips/usage.py): the reviewer's member summary, the
Department's statistics and the rules give the same numbers, on the edge cases of POLICY.md."""

import datetime as dt

import pytest

from agencies.tests.factories import OfficialFactory
from analytics.statistics import officials_near_limits
from core.calendar import WorkingCalendar, load_calendar
from trips import policy
from trips.models import TripRequest
from trips.policy.facts import MemberData, TripData
from trips.summary import member_year_summaries
from trips.tests.factories import TripFactory
from trips.tests.helpers import past_trip
from trips.usage import UsageRow, YearUsage, tally, yearly_usage

D = dt.date
S = TripRequest.Status
pytestmark = pytest.mark.django_db


def _history(official):
    """2026 for `official`: 2 business trips and 3 working days of leave abroad."""
    agency = official.agency

    def trip(kind, status, start, end):
        TripFactory(
            agency=agency,
            kind=kind,
            status=status,
            departure_date=start,
            return_date=end,
            members=[official],
        )

    past_trip(agency, members=[official])  # recorded after the fact: 20-24/4/2026, completed
    # Over New Year: counts in the year it departs, once.
    trip("business", S.APPROVED, D(2026, 12, 28), D(2027, 1, 2))
    trip("business", S.COMPLETED, D(2025, 12, 29), D(2026, 1, 3))  # a 2025 trip
    trip("business", S.CANCELLED, D(2026, 6, 1), D(2026, 6, 3))  # not counted
    trip("business", S.SUBMITTED, D(2026, 7, 1), D(2026, 7, 3))  # pending, not counted
    # Private, over New Year: 2026's part is 1/1 (holiday), 2/1 (a day off by the government's
    # correction, core/calendar_corrections.py), 3-4/1 (weekend), 5/1: 1 day.
    trip("private", S.COMPLETED, D(2025, 12, 30), D(2026, 1, 5))
    # Private over 30/4 and 1/5 (holidays) and a weekend: 29/4 and 4/5 only, 2 days.
    trip("private", S.APPROVED, D(2026, 4, 29), D(2026, 5, 4))
    trip("private", S.CANCELLED, D(2026, 3, 2), D(2026, 3, 6))  # not counted


def _data(official, kind, start, end):
    return TripData(
        kind=kind,
        agency_id=official.agency_id,
        departure_date=start,
        return_date=end,
        members=[MemberData(official.id, True)],
        countries=["JP"],
    )


def test_the_summary_the_statistics_and_the_rules_agree(staff_a):
    official = OfficialFactory(agency=staff_a.agency)
    _history(official)
    expected = YearUsage(business_trips=2, private_working_days=3)
    assert yearly_usage([official.id], 2026)[official.id] == expected

    draft = TripFactory(
        agency=official.agency,
        departure_date=D(2026, 12, 14),
        return_date=D(2026, 12, 16),
        members=[official],
    )
    [summary] = member_year_summaries(draft)
    assert (summary.business_trips, summary.private_working_days) == (2, 3)

    [row] = officials_near_limits(2026, [official.id])
    assert (row.business_trips, row.private_working_days) == (2, 3)

    business = policy.check(_data(official, "business", D(2026, 12, 14), D(2026, 12, 16)))
    [quota] = [f for f in business if f.code == "TRIP_QUOTA_EXCEEDED"]
    assert "đã có 2 chuyến" in quota.message
    # 40 days in June and July: beyond any entitlement, the message says what was used.
    private = policy.check(_data(official, "private", D(2026, 6, 1), D(2026, 7, 10)))
    [leave] = [f for f in private if f.code == "LEAVE_CAP_EXCEEDED"]
    assert "đã dùng 3 ngày" in leave.message


def test_the_trip_itself_is_left_out_of_its_own_summary(staff_a):
    official = OfficialFactory(agency=staff_a.agency)
    approved = TripFactory(agency=official.agency, status=S.APPROVED, members=[official])
    year = approved.departure_date.year
    assert yearly_usage([official.id], year)[official.id].business_trips == 1
    assert yearly_usage([official.id], year, exclude_trip_id=approved.id) == {}
    [summary] = member_year_summaries(approved)
    assert summary.business_trips == 0


def test_many_officials_are_counted_in_one_query(staff_a, django_assert_num_queries):
    people = OfficialFactory.create_batch(5, agency=staff_a.agency)
    for person in people:
        _history(person)
    load_calendar()  # the overrides, cached (core.calendar): read once a while, not per call
    # The memberships of all of them.
    with django_assert_num_queries(1):
        usage = yearly_usage([p.id for p in people], 2026)
    assert set(usage.values()) == {YearUsage(2, 3)}


def test_tally_counts_a_trip_once_per_official():
    row = UsageRow(1, 10, "business", D(2026, 3, 2), D(2026, 3, 4))
    private = UsageRow(1, 11, "private", D(2026, 3, 2), D(2026, 3, 6))
    calendar = WorkingCalendar({})  # the holidays of the law, no override
    assert tally([row, row, private, private], 2026, calendar) == {1: YearUsage(1, 5)}
    assert tally([row], 2027, calendar) == {}
