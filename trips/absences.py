"""The absence calendar: who is abroad on which day of a month, by agency."""

import calendar
import dataclasses
import datetime as dt

from trips.models import TripMember, TripRequest
from trips.policy.absence import agency_days_over_share


@dataclasses.dataclass
class AbsenceRow:
    agency: object
    official: object
    days: list  # one entry per day of the month: the trip abroad that day, or None
    dates: list = dataclasses.field(default_factory=list)  # the month's days, for `cells`
    # The days its agency had more officials abroad than its share (AGENCY_ABSENCE_SHARE).
    over_share: frozenset = frozenset()

    @property
    def cells(self):
        """(trip or None, is a weekend, agency over its share) per day: the page shades
        Saturdays and Sundays, and the days the agency was over its share."""
        return [
            (trip, day.weekday() >= 5, day in self.over_share)
            for trip, day in zip(self.days, self.dates, strict=True)
        ]


def month_grid(year: int, month: int, trips) -> tuple[list[dt.date], list[AbsenceRow]]:
    """Rows of officials away during the month (approved or completed trips among `trips`,
    already scoped to what the viewer may see); one query whatever the number of trips."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    days = [first + dt.timedelta(days=i) for i in range(last.day)]
    memberships = (
        TripMember.objects.filter(
            trip__in=trips,
            trip__status__in=TripRequest.COUNTED_STATUSES,
            trip__departure_date__lte=last,
            trip__return_date__gte=first,
        )
        .select_related("trip", "official__agency")
        .order_by("official__agency__name", "-official__is_key_leader", "official__full_name")
    )
    rows: dict[int, AbsenceRow] = {}
    for membership in memberships:
        official = membership.official
        row = rows.setdefault(
            official.id, AbsenceRow(official.agency, official, [None] * len(days), days)
        )
        trip = membership.trip
        for index, day in enumerate(days):
            if trip.departure_date <= day <= trip.return_date:
                row.days[index] = trip
    return days, list(rows.values())


def mark_over_share(rows: list[AbsenceRow], days, *, config, today) -> None:
    """Give each row the days its agency was over its share (one query for every agency)."""
    if not rows or not config.is_enabled("AGENCY_ABSENCE_SHARE"):
        return
    agencies = {row.agency.id for row in rows}
    over = agency_days_over_share(agencies, days[0], days[-1], config=config, today=today)
    for row in rows:
        row.over_share = frozenset(over.get(row.agency.id, ("", ()))[1])
