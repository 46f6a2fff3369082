"""Days on which an agency had more of its officials abroad than its share (AGENCY_ABSENCE_SHARE,
L8 and L9), for the statistics page. Kept apart from statistics.py.

The rule (trips/policy/absence.py) loads an agency's absences and counts its days in Python;
for a province's year that was 20 000 memberships fetched and 22 000 agency-days walked on
every cold statistics page (24 ms CPU at 10 000 officials, to find no day over). Here the same
count — distinct active officials of the agency abroad on a day, over
max(min people, share × active // 100) — is one grouped query that hands back only the days
over; analytics/tests/test_over_share.py holds it equal to the rule's functions on random
histories, on SQLite and PostgreSQL."""

import dataclasses
import datetime as dt

from django.db import connection
from django.utils import formats, timezone

from core.rawsql import as_date, fetch, placeholders
from trips.models import TripRequest
from trips.policy import PolicyConfig
from trips.policy.absence import lookback


@dataclasses.dataclass
class AgencyOverShare:
    agency: str
    days: list[dt.date]

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def dates(self) -> str:
        # Written once here rather than a date filter per day in the template.
        return ", ".join(formats.date_format(day, "SHORT_DATE_FORMAT") for day in self.days)


# The days an official is abroad, one row a day: PostgreSQL expands each trip with
# generate_series; SQLite (the tests) joins a calendar of the period's days.
_DAYS = {
    "postgresql": (
        "", "CROSS JOIN LATERAL (SELECT GREATEST(t.departure_date, %s::date) + n AS day "
        "FROM generate_series(0, LEAST(t.return_date, %s::date) - "
        "GREATEST(t.departure_date, %s::date)) AS n) AS g",
    ),
    "sqlite": (
        "g(day) AS (SELECT %s UNION ALL SELECT date(day, '+1 day') FROM g WHERE day < %s), ",
        "JOIN g ON g.day BETWEEN max(t.departure_date, %s) AND min(t.return_date, %s)",
    ),
}  # fmt: skip

# As trips/policy/absence.py's _SQL: the head count of each agency (active officials, LEFT
# JOIN so that an agency without any still has its limit), and its active officials abroad on
# counted trips of the agency, the departure bounded below by the lookback so that the trips'
# (agency, status, departure) index is read over a range. Each (official, day) once, then
# counted per agency and day against the agency's limit.
_SQL = """
    WITH RECURSIVE {calendar}heads AS (
        SELECT a.id, a.name, COUNT(o.id) AS active
        FROM agencies_agency a
        LEFT JOIN agencies_official o ON o.agency_id = a.id AND o.is_active
             AND (o.left_on IS NULL OR o.left_on > %s)
        WHERE {agencies}
        GROUP BY a.id, a.name
    ), abroad AS (
        SELECT DISTINCT t.agency_id, m.official_id, g.day
        FROM trips_triprequest t
        JOIN trips_tripmember m ON m.trip_id = t.id
        JOIN agencies_official o ON o.id = m.official_id
        {expand}
        WHERE {trips_of} t.status IN ({counted})
          AND t.departure_date <= %s AND t.return_date >= %s AND t.departure_date >= %s
          AND o.agency_id = t.agency_id AND o.is_active AND (o.left_on IS NULL OR o.left_on > %s)
    )
    SELECT h.id, h.name, b.day
    FROM abroad b JOIN heads h ON h.id = b.agency_id
    GROUP BY h.id, h.name, h.active, b.day
    HAVING COUNT(*) > (CASE WHEN %s > h.active * %s / 100 THEN %s ELSE h.active * %s / 100 END)
"""


def days_over_share(agency_ids, start, end, *, config, today) -> dict[int, tuple]:
    """{agency id: (its name, its days from `start` to `end` over its share, in order)} of
    `agency_ids` (None: every agency), agencies never over left out: one query whatever the
    number of agencies, trips or days."""
    if agency_ids is not None:
        agency_ids = sorted(set(agency_ids))
        if not agency_ids:
            return {}
    counted = list(TripRequest.COUNTED_STATUSES)
    calendar, expand = _DAYS[connection.vendor]
    sql = _SQL.format(
        calendar=calendar,
        expand=expand,
        agencies=f"a.id IN ({placeholders(agency_ids)})" if agency_ids else "1 = 1",
        trips_of=f"t.agency_id IN ({placeholders(agency_ids)}) AND" if agency_ids else "",
        counted=placeholders(counted),
    )
    least, share = config.agency_absence_min_people, config.agency_absence_share_percent
    since = start - dt.timedelta(days=lookback(config))
    params = [
        *([start, end] if calendar else []),
        today, *(agency_ids or []),
        *([start, end] if calendar else [start, end, start]),  # the days, within the period
        *(agency_ids or []), *counted, end, start, since, today,
        least, share, least, share,
    ]  # fmt: skip
    over: dict[int, tuple] = {}
    for agency_id, name, day in fetch(sql, params):
        over.setdefault(agency_id, (name, []))[1].append(as_date(day))
    return {agency_id: (name, sorted(days)) for agency_id, (name, days) in over.items()}


def agencies_over_share(start, end, *, agency_id=None, config=None) -> list[AgencyOverShare]:
    """Every agency in scope (one, or all) with its days over the share from `start` to `end`,
    by name: one query whatever the period."""
    config = config or PolicyConfig.from_settings()
    if not config.is_enabled("AGENCY_ABSENCE_SHARE"):
        return []
    ids = [agency_id] if agency_id else None
    over = days_over_share(ids, start, end, config=config, today=timezone.localdate())
    return sorted((AgencyOverShare(*row) for row in over.values()), key=lambda row: row.agency)
