"""What an official has used of a year: business trips (L5) and working days of leave abroad
on private trips (L8). The one count behind the rules, the reviewer's member summary and the
Department's statistics, so that the three agree by construction.

    usage = yearly_usage([official.id], 2027)[official.id]   # two queries for any number

`tally` does the counting on rows already loaded (the rules' facts hold them); `yearly_usage`
loads the rows of many officials at once and hands them to `tally`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from core.calendar import WorkingCalendar, load_calendar
from trips.models import TripMember, TripRequest


@dataclasses.dataclass(frozen=True)
class YearUsage:
    business_trips: int = 0  # business trips departing that year
    private_working_days: int = 0  # working days of that year abroad on private trips


@dataclasses.dataclass(frozen=True)
class UsageRow:
    """One official on one trip: the fields the count reads (facts.OtherTrip has them too)."""

    official_id: int
    trip_id: int
    kind: str
    departure_date: dt.date
    return_date: dt.date


def days_in_year(start: dt.date, end: dt.date, year: int) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end] that lies in `year`, or None."""
    first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return (first, last) if first <= last else None


def tally(rows: Iterable, year: int, calendar: WorkingCalendar) -> dict[int, YearUsage]:
    """Usage of `year` per official from `rows` (official_id, trip_id, kind, departure_date,
    return_date), which the caller has limited to the statuses that count.

    L5 counts a business trip in the year it departs (a trip over New Year counts once, in
    the year it leaves); L8 counts the working days of a private trip that fall in the year
    (holidays and weekends of the Vietnamese calendar are not leave)."""
    business, private_days, seen = defaultdict(set), defaultdict(int), set()
    for row in rows:
        if (row.official_id, row.trip_id) in seen:
            continue
        seen.add((row.official_id, row.trip_id))
        if row.kind == TripRequest.Kind.BUSINESS:
            if row.departure_date.year == year:
                business[row.official_id].add(row.trip_id)
        elif row.kind == TripRequest.Kind.PRIVATE and (
            span := days_in_year(row.departure_date, row.return_date, year)
        ):
            private_days[row.official_id] += calendar.working_days_between(*span)
    return {
        official_id: YearUsage(len(business[official_id]), private_days[official_id])
        for official_id in set(business) | set(private_days)
    }


def yearly_usage(
    officials, year: int, *, exclude_trip_id: int | None = None, calendar=None
) -> dict[int, YearUsage]:
    """Usage of `year` of `officials` (ids, a queryset, or None for everyone) on approved and
    completed trips, `exclude_trip_id` left out. Two queries whatever the number of officials
    (the memberships; the calendar's overrides, unless a calendar covering the year is given).
    An official with nothing used is absent: read it with `.get(id, YearUsage())`."""
    memberships = TripMember.objects.filter(
        trip__status__in=TripRequest.COUNTED_STATUSES,
        trip__departure_date__lte=dt.date(year, 12, 31),
        trip__return_date__gte=dt.date(year, 1, 1),
    ).order_by()
    if officials is not None:
        memberships = memberships.filter(official__in=officials)
    if exclude_trip_id is not None:
        memberships = memberships.exclude(trip_id=exclude_trip_id)
    rows = [
        UsageRow(*values)
        for values in memberships.values_list(
            "official_id", "trip_id", "trip__kind", "trip__departure_date", "trip__return_date"
        )
    ]
    calendar = calendar or load_calendar(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return tally(rows, year, calendar)
