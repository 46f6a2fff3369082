"""How many of an agency's officials are abroad on each day (AGENCY_ABSENCE_SHARE, L8 and L9).

POLICY.md, additions of 2026-12-06: per agency and day, the distinct *active* officials of the
agency abroad on approved or completed requests (either kind), plus the request's own members
of that agency; pending requests are not counted. The limit is
max(agency_absence_min_people, floor(agency_absence_share_percent × active officials / 100)).

One SQL query loads an agency's head count and its officials' counted absences over a span
(`load_agency_absences`); the rule, the statistics and the absence calendar count from it with
the pure functions below, so the three always agree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.rawsql import as_date, fetch, placeholders
from trips.models import TripRequest


@dataclasses.dataclass(frozen=True)
class AgencyAbsences:
    agency_id: int
    name: str
    active: int  # the agency's active officials on the check day
    # (official id, departure, return) of its active officials' approved or completed trips.
    abroad: tuple[tuple[int, dt.date, dt.date], ...] = ()


def absence_limit(active: int, config) -> int:
    share = config.agency_absence_share_percent * active // 100
    return max(config.agency_absence_min_people, share)


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def daily_counts(abroad, start: dt.date, end: dt.date, extra_ids=()) -> dict[dt.date, int]:
    """Distinct officials abroad on each day from `start` to `end` (each official once, the
    `extra_ids` — a request's own members — every day).

    Each official's days merged into spans, then one running sum over the days: a set per
    day per official was 110 000 steps for a province's year (the statistics page). Days are
    counted as offsets from `start` (ordinals, not dates) and an official with one trip, the
    usual case, needs no merging: half the time of date arithmetic at every row (an approval
    in an agency with 600 officials abroad read 0.38 ms, now 0.17)."""
    extra = set(extra_ids)
    origin = start.toordinal()
    length = end.toordinal() - origin + 1
    spans: dict[int, list[tuple[int, int]]] = {}
    for official_id, departure, return_date in abroad:
        first = departure.toordinal() - origin
        last = return_date.toordinal() - origin
        if first < 0:  # plain comparisons: max() and min() cost a call each, per row
            first = 0
        if last >= length:
            last = length - 1
        if first <= last and official_id not in extra:
            found = spans.get(official_id)
            if found is None:
                spans[official_id] = [(first, last)]
            else:
                found.append((first, last))
    change = [0] * (max(length, 0) + 1)
    for days in spans.values():
        first, last = days[0]
        if len(days) > 1:
            days.sort()
            first, last = days[0]
            for begin, finish in days[1:]:
                if begin > last + 1:  # a gap: the span so far is counted once
                    change[first] += 1
                    change[last + 1] -= 1
                    first, last = begin, finish
                elif finish > last:
                    last = finish
        change[first] += 1
        change[last + 1] -= 1
    counts, running = {}, len(extra)
    for offset, day in enumerate(_days(start, end)):
        running += change[offset]
        counts[day] = running
    return counts


def busiest_day(counts: dict[dt.date, int]) -> tuple[dt.date, int]:
    """The first day with the highest count."""
    top = max(counts.values())
    return min(day for day, n in counts.items() if n == top), top


def days_over(absences: AgencyAbsences, start, end, config) -> list[dt.date]:
    limit = absence_limit(absences.active, config)
    counts = daily_counts(absences.abroad, start, end)
    return [day for day, n in sorted(counts.items()) if n > limit]


# One statement: the head count of each agency (a LEFT JOIN, so an agency without active
# officials still has its row and name), then the counted trips of the agency that overlap the
# span, with their members who are still its active officials. "Active" as a submission reads
# it: serving, not left by the check day. Driven by the trips' (agency, status, departure)
# index, the departure bounded below by the longest trip there can be (LOOKBACK): read from
# the members' side, the agency's whole history was fetched trip by trip (40 ms at 100
# officials and 2 000 memberships, benchmarks/policy_check.py).
# A member transferred in since is counted from the trips of their new agency only.
_SQL = """
    SELECT 0, a.id, COUNT(o.id), NULL, NULL, a.name
    FROM agencies_agency a
    LEFT JOIN agencies_official o ON o.agency_id = a.id AND o.is_active
         AND (o.left_on IS NULL OR o.left_on > %s)
    WHERE a.id IN ({agencies})
    GROUP BY a.id, a.name
    UNION ALL
    SELECT 1, t.agency_id, m.official_id, t.departure_date, t.return_date, NULL
    FROM trips_triprequest t
    JOIN trips_tripmember m ON m.trip_id = t.id
    JOIN agencies_official o ON o.id = m.official_id
    WHERE t.agency_id IN ({agencies}) AND t.status IN ({counted}) AND t.id <> %s
      AND t.departure_date <= %s AND t.return_date >= %s AND t.departure_date >= %s
      AND o.agency_id = t.agency_id AND o.is_active AND (o.left_on IS NULL OR o.left_on > %s)
"""


def lookback(config) -> int:
    """Days before the span a trip overlapping it may have departed: no approved trip is
    longer than max_trip_span_days (POLICY.md, Timing), nor, whatever that says, a year."""
    return max(config.max_trip_span_days, 366)


def load_agency_absences(
    agency_ids,
    start: dt.date,
    end: dt.date,
    *,
    today: dt.date,
    lookback_days: int,
    exclude_trip_id=None,
) -> dict[int, AgencyAbsences]:
    """The agencies' head counts and counted absences overlapping `start`..`end`: one query."""
    agency_ids = sorted(set(agency_ids))
    if not agency_ids:
        return {}
    counted = list(TripRequest.COUNTED_STATUSES)
    sql = _SQL.format(agencies=placeholders(agency_ids), counted=placeholders(counted))
    params = [
        today, *agency_ids,
        *agency_ids, *counted, exclude_trip_id or 0, end, start,
        start - dt.timedelta(days=lookback_days), today,
    ]  # fmt: skip
    heads, abroad = {}, {agency_id: [] for agency_id in agency_ids}
    for part, agency_id, number, departure, return_date, name in fetch(sql, params):
        if part == 0:
            heads[agency_id] = (name, number)
        else:
            abroad[agency_id].append((number, as_date(departure), as_date(return_date)))
    return {
        agency_id: AgencyAbsences(agency_id, name, active, tuple(abroad[agency_id]))
        for agency_id, (name, active) in heads.items()
    }


def agency_days_over_share(
    agency_ids, start, end, *, config, today
) -> dict[int, tuple[str, list[dt.date]]]:
    """The days from `start` to `end` on which each agency had more officials abroad on
    approved or completed trips than its share, with the agency's name (the statistics and the
    absence calendar): one query whatever the number of agencies or trips. Agencies never over
    are left out."""
    loaded = load_agency_absences(
        agency_ids, start, end, today=today, lookback_days=lookback(config)
    )
    over = {i: (a.name, days_over(a, start, end, config)) for i, a in loaded.items()}
    return {agency_id: entry for agency_id, entry in over.items() if entry[1]}
