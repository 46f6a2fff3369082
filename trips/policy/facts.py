"""The facts step: everything the rules need, loaded in a fixed, small number of queries.

At most 8 queries whatever the size of the delegation or the history: the officials, the
trip memberships that matter (their other trips, other key leaders' absences, overdue
reports: one query), open discipline reviews, passports (with the trip each one is out for),
the annual plan (its budget and spending in one query, the chosen line in another), the
calendar overrides, and the members' agencies' head counts and absences (absence.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping

from django.db import connection
from django.utils import timezone

from agencies.models import DisciplinaryReview, Official
from core.calendar import WorkingCalendar, load_calendar
from core.rawsql import as_date, columns, fetch, instances, placeholders
from trips.models import TripRequest
from trips.policy import providers
from trips.policy.absence import AgencyAbsences, load_agency_absences, lookback
from trips.policy.config import PolicyConfig
from trips.usage import YearUsage, tally


@dataclasses.dataclass(frozen=True)
class MemberData:
    official_id: int
    is_head: bool = False


@dataclasses.dataclass
class TripData:
    """A request as the rules see it: saved or not (the form, the API's check)."""

    kind: str
    agency_id: int
    departure_date: dt.date
    return_date: dt.date
    members: list[MemberData]
    countries: list[str] = dataclasses.field(default_factory=list)
    organiser_type: str = TripRequest.OrganiserType.STATE
    funded_by_enterprise: bool = False
    named_invitation_by_foreign_enterprise: bool = False
    involves_commitment: bool = False
    mandate_reference: str = ""
    estimated_cost_vnd: int = 0
    plan_line_id: int | None = None
    trip_id: int | None = None  # a saved request is left out of "the other trips"
    # The day it was submitted, once it is out of its authors' hands; None before (today).
    submitted_on: dt.date | None = None
    # Whole days planned per country, {"JP": 3} (DAYS_PER_COUNTRY); empty when not stated.
    days_per_country: dict[str, int] = dataclasses.field(default_factory=dict)

    # The fields read from a mapping under their own name (the model's, the form's and the
    # API's names are the same); the others are given, or derived below.
    MAPPED_FIELDS = (
        "kind",
        "departure_date",
        "return_date",
        "organiser_type",
        "funded_by_enterprise",
        "named_invitation_by_foreign_enterprise",
        "involves_commitment",
        "mandate_reference",
        "estimated_cost_vnd",
    )

    @classmethod
    def from_mapping(
        cls,
        data: Mapping,
        *,
        agency_id: int,
        members: list[MemberData],
        trip_id: int | None = None,
        submitted_on: dt.date | None = None,
    ) -> TripData:
        """A request as the rules see it, from the form's cleaned data, the API's validated
        data or a saved request's fields: the one place a mapping becomes a TripData.

        A field absent (or None) takes the default above, as the API's check leaves the
        optional ones out; the plan line is read as an object (`plan_line`) or an id."""
        values = {name: data[name] for name in cls.MAPPED_FIELDS if data.get(name) is not None}
        plan_line = data.get("plan_line")
        return cls(
            **values,
            agency_id=agency_id,
            members=list(members),
            countries=[str(code) for code in data.get("countries") or []],
            plan_line_id=plan_line.pk if plan_line is not None else data.get("plan_line_id"),
            trip_id=trip_id,
            submitted_on=submitted_on,
            days_per_country=dict(data.get("days_per_country") or {}),
        )

    @classmethod
    def from_trip(cls, trip: TripRequest) -> TripData:
        submitted_on = None
        if trip.submitted_at is not None and not trip.is_editable:
            submitted_on = timezone.localdate(trip.submitted_at)
        fields = {name: getattr(trip, name) for name in cls.MAPPED_FIELDS}
        return cls.from_mapping(
            {
                **fields,
                "countries": trip.countries,
                "plan_line_id": trip.plan_line_id,
                "days_per_country": trip.days_per_country,
            },
            agency_id=trip.agency_id,
            members=[MemberData(m.official_id, m.is_head) for m in trip.members.all()],
            trip_id=trip.pk,
            submitted_on=submitted_on,
        )

    @property
    def is_business(self) -> bool:
        return self.kind == TripRequest.Kind.BUSINESS

    @property
    def member_ids(self) -> list[int]:
        return [m.official_id for m in self.members]

    @property
    def days(self) -> int:
        return (self.return_date - self.departure_date).days + 1


@dataclasses.dataclass(frozen=True)
class OtherTrip:
    """Another request of a member (or of a key leader), as a row of the history."""

    trip_id: int
    official_id: int
    kind: str
    status: str
    title: str
    departure_date: dt.date
    return_date: dt.date
    estimated_cost_vnd: int = 0
    agency_id: int | None = None  # the traveller's agency
    official_name: str = ""

    @property
    def is_counted(self) -> bool:
        return self.status in TripRequest.COUNTED_STATUSES


@dataclasses.dataclass
class PlanFacts:
    # The chosen line (a plans.PlanLine), if it belongs to the approved plan of the year.
    line: object | None
    plan_budget_vnd: int = 0
    line_spent_vnd: int = 0  # estimated cost of the other approved trips on the line
    plan_spent_vnd: int = 0


@dataclasses.dataclass
class Facts:
    trip: TripData
    config: PolicyConfig
    today: dt.date
    officials: dict[int, Official]
    other_trips: list[OtherTrip]
    key_leader_absences: list[OtherTrip]
    open_reviews: dict[int, list[DisciplinaryReview]]
    passports: dict[int, list]  # passports.Passport, as passports/policy_facts.py loads them
    overdue_reports: dict[int, list[OtherTrip]]
    plan: PlanFacts | None
    calendar: WorkingCalendar
    # Per agency of a member: its head count and absences over the trip (AGENCY_ABSENCE_SHARE).
    agency_absences: dict[int, AgencyAbsences] = dataclasses.field(default_factory=dict)

    def usage(self, year: int, *, pending: bool = False) -> dict[int, YearUsage]:
        """The members' business trips and private working days of `year` on their other
        approved and completed requests (or, `pending`, on those waiting for a decision): the
        count the reviewer's summary and the statistics share (trips/usage.py)."""
        rows = [t for t in self.other_trips if t.is_counted != pending]
        return tally(rows, year, self.calendar)

    def members(self) -> list[Official]:
        """The members in the order of the request (unknown ids are left out)."""
        return [self.officials[i] for i in self.trip.member_ids if i in self.officials]


# The facts step runs on every check (the form, the API, submit, each decision), so its
# queries are written in SQL (core/rawsql.py): built with the ORM, they cost more to compile
# than to run (benchmarks/policy_check.py). Portable: PostgreSQL and SQLite.

# One scan of the trip memberships of the members and of their agencies' key leaders, each
# row flagged with the sets it belongs to. (As a UNION it tempted PostgreSQL into a parallel
# plan whose start-up alone took 5 ms.) The traveller's name and agency come from the
# officials already loaded: everyone here is one of them.
_MEMBERSHIPS_SQL = """
    SELECT m.trip_id, m.official_id, t.kind, t.status, t.title, t.departure_date,
           t.return_date, t.estimated_cost_vnd,
           CASE WHEN {member} AND t.departure_date <= %s AND t.return_date >= %s
                THEN 1 ELSE 0 END AS in_history,
           CASE WHEN {member} AND t.kind = %s AND t.status IN ({counted})
                     AND t.report_due_on < %s
                     AND {unfiled}
                THEN 1 ELSE 0 END AS is_overdue,
           CASE WHEN NOT {member} AND t.status IN ({counted})
                     AND t.departure_date <= %s AND t.return_date >= %s
                THEN 1 ELSE 0 END AS is_leader_absence
    FROM trips_tripmember m
    JOIN trips_triprequest t ON t.id = m.trip_id
    WHERE m.official_id IN ({everyone}) AND t.id <> %s AND t.status IN ({statuses})
"""

# The members and, where one of them is a key leader, the other key leaders of that agency:
# two index lookups (primary key; agency and key leader). Written as one WHERE with an OR,
# PostgreSQL read every official instead (a sequential scan, 11-28 ms at 50 000 officials).
_PEOPLE_SQL = """
    SELECT {columns} FROM agencies_official o WHERE o.id IN ({ids})
    UNION ALL
    SELECT {columns} FROM agencies_official o
    WHERE o.is_key_leader AND o.id NOT IN ({ids}) AND o.agency_id IN (
        SELECT k.agency_id FROM agencies_official k WHERE k.id IN ({ids}) AND k.is_key_leader
    )
"""

# Open on any day from the submission date (today, before submission) to the return date.
_REVIEWS_SQL = """
    SELECT {columns} FROM agencies_disciplinaryreview r
    WHERE r.official_id IN ({ids}) AND r.opened_on <= %s
      AND (r.closed_on IS NULL OR r.closed_on >= %s)
    ORDER BY r.opened_on, r.id
"""


def _membership_rows(data: TripData, *, people, today, span_start, span_end, reports):
    """The members' other trips in the years concerned, the absences of the other key
    leaders of their agencies that overlap this trip, and the members' trips whose report is
    overdue."""
    ids = data.member_ids
    if not people:
        return [], [], []
    everyone = list(people)
    counted = list(TripRequest.COUNTED_STATUSES)
    statuses = counted + list(TripRequest.PENDING_STATUSES)
    # Whether a report is filed is the reports app's answer (reports/policy_facts.py).
    unfiled, unfiled_params = reports.no_filed_report_sql("t.id")
    sql = _MEMBERSHIPS_SQL.format(
        member=f"m.official_id IN ({placeholders(ids)})",
        counted=placeholders(counted),
        unfiled=unfiled,
        everyone=placeholders(everyone),
        statuses=placeholders(statuses),
    )
    params = [
        *ids, span_end, span_start,  # in_history
        *ids, TripRequest.Kind.BUSINESS, *counted, today, *unfiled_params,  # is_overdue
        *ids, *counted, data.return_date, data.departure_date,  # is_leader_absence
        *everyone, data.trip_id or 0, *statuses,  # WHERE
    ]  # fmt: skip
    history, leaders, overdue = [], [], []
    for *fields, in_history, is_overdue, is_leader_absence in fetch(sql, params):
        fields[5], fields[6] = as_date(fields[5]), as_date(fields[6])
        traveller = people[fields[1]]
        trip = OtherTrip(*fields, agency_id=traveller.agency_id, official_name=traveller.full_name)
        if in_history:
            history.append(trip)
        if is_overdue:
            overdue.append(trip)
        if is_leader_absence:
            leaders.append(trip)
    return history, leaders, overdue


def _group(items, key) -> dict[int, list]:
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)


# The same people locked, in id order (a decision step: concurrent approvals touching the
# same quota or the same agency's leaders queue up, POLICY.md L5, L6). PostgreSQL locks no
# UNION: the rows are selected by id from one, still two index lookups.
_PEOPLE_LOCKED_SQL = """
    SELECT {columns} FROM agencies_official o WHERE o.id IN (
        SELECT p.id FROM agencies_official p WHERE p.id IN ({ids})
        UNION ALL
        SELECT p.id FROM agencies_official p WHERE p.is_key_leader AND p.agency_id IN (
            SELECT k.agency_id FROM agencies_official k WHERE k.id IN ({ids}) AND k.is_key_leader
        )
    )
    ORDER BY o.id
"""


def _people(ids, *, lock=False) -> dict[int, Official]:
    if not ids:
        return {}
    if lock:
        sql = _PEOPLE_LOCKED_SQL.format(columns=columns(Official, "o"), ids=placeholders(ids))
        if connection.features.has_select_for_update:
            sql += " FOR UPDATE"
        params = [*ids, *ids]
    else:
        sql = _PEOPLE_SQL.format(columns=columns(Official, "o"), ids=placeholders(ids))
        params = [*ids, *ids, *ids]
    return {o.id: o for o in instances(Official, fetch(sql, params))}


def _open_reviews(ids, *, since: dt.date, until: dt.date) -> list[DisciplinaryReview]:
    """Open on any day from `since` (the submission, or today before it) to `until` (the
    return): on approval too, so that a review opened and closed while the request waited
    blocks."""
    if not ids:
        return []
    sql = _REVIEWS_SQL.format(columns=columns(DisciplinaryReview, "r"), ids=placeholders(ids))
    return instances(DisciplinaryReview, fetch(sql, [*ids, until, since]))


def load_facts(
    data: TripData, *, config: PolicyConfig, today: dt.date | None = None, lock=False
) -> Facts:
    """`lock`: the people are locked as they are read (a decision step, in its transaction)."""
    today = today or timezone.localdate()
    ids = data.member_ids
    span_start = dt.date(data.departure_date.year, 1, 1)
    span_end = dt.date(data.return_date.year, 12, 31)
    # Asked first, so that an app missing fails every check, not only some (providers.py).
    from trips.policy.plan_facts import PlanFactsProvider  # it imports this module's facts

    passport_facts, plan_facts = providers.passports(), PlanFactsProvider()
    report_facts = providers.reports()

    # The members, and the key leaders of the members' agencies (for KEY_LEADERS_OVERLAP).
    people = _people(ids, lock=lock)
    officials = {i: people[i] for i in ids if i in people}
    other_trips, key_leader_absences, overdue = _membership_rows(
        data,
        people=people,
        today=today,
        span_start=span_start,
        span_end=span_end,
        reports=report_facts,
    )
    reviews = _open_reviews(ids, since=data.submitted_on or today, until=data.return_date)

    passports = passport_facts.load(ids)
    # A passport out for another trip is ready if due back before this departure: the
    # calendar must reach back to that trip's return.
    calendar_start = min(
        [span_start, *(p.out_for_return_date for p in passports if p.out_for_return_date)]
    )

    return Facts(
        trip=data,
        config=config,
        today=today,
        officials=officials,
        other_trips=other_trips,
        key_leader_absences=key_leader_absences,
        open_reviews=_group(reviews, lambda r: r.official_id),
        passports=_group(passports, lambda p: p.official_id),
        overdue_reports=_group(overdue, lambda t: t.official_id),
        plan=plan_facts.load(data) if data.is_business else None,
        calendar=load_calendar(calendar_start, span_end),
        agency_absences=_agency_absences(data, officials, config=config, today=today),
    )


def _agency_absences(data: TripData, officials, *, config, today) -> dict[int, AgencyAbsences]:
    if not config.is_enabled("AGENCY_ABSENCE_SHARE"):
        return {}  # a province that switched it off pays no query for it
    return load_agency_absences(
        {o.agency_id for o in officials.values()},
        data.departure_date,
        data.return_date,
        today=today,
        lookback_days=lookback(config),
        exclude_trip_id=data.trip_id,
    )
