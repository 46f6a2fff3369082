"""The statistics of a calendar year read from the summary tables (analytics/summary.py):
rows per agency and, for the near-limit table, a page of officials, whatever the number of
trips or memberships. The same figures as statistics.py counts from the trips (compared in
analytics/tests/test_summary.py), which still answers for a period that is not a whole year.

    figures = agency_figures(2027, user, agency_id=None)       # three queries
    page = near_limits(2027, agency_id=None)                   # a queryset: page it
    page = NearLimits(2027, agency_id=None)                    # the same, compiled once
"""

import datetime as dt
import functools
from fractions import Fraction

from django.db import router
from django.db.models import BigIntegerField, Case, Count, F, Q, Subquery, Sum, Value, When
from django.db.models.functions import Cast, ExtractYear

from agencies.models import Official
from analytics.models import AgencyYearTally, AgencyYearTrips, OfficialYearUsage
from analytics.statistics import (
    AgencyFigures,
    AgencyLeaders,
    Listed,
    OfficialNearLimit,
    within_pages,
)
from core.rawsql import fetch, values_rows
from trips.models import TripRequest
from trips.policy import PolicyConfig

COUNTED = TripRequest.COUNTED_STATUSES
_NOTHING = Q(pk__in=[])


def is_whole_year(start: dt.date, end: dt.date) -> bool:
    return start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)


def visible(user, *, counted_only=False) -> Q:
    """What trips_visible_to(user) lets through, on the summary tables' columns: staff their
    agency's, reviewers what was submitted, custodians approved and completed trips.
    `counted_only`: a table that holds only approved and completed trips."""
    if not user.is_authenticated:
        return _NOTHING
    if user.is_administrator or (user.is_custodian and counted_only):
        return Q()  # (an empty Q in an OR is dropped, not "everything": returned alone)
    seen = _NOTHING
    if user.is_agency_staff or user.is_agency_head:
        seen |= Q(agency_id=user.agency_id)
    if user.is_reviewer or user.is_decider:
        seen |= Q(submitted=True)
    if user.is_custodian:
        seen |= Q(status__in=COUNTED)
    return seen


def agency_figures(year: int, user, agency_id=None, among=None) -> list[AgencyFigures]:
    """The figures of the agencies' trips departing in `year` that `user` may see (of
    `agency_id`, or of the agencies `among`: a page of them): three queries (trips by status
    and kind with the names, the sums, the people sent)."""
    scope = Q(year=year) & (Q(agency_id=agency_id) if agency_id else Q())
    if among is not None:
        scope &= Q(agency_id__in=among)
    # The names joined: a few thousand summary rows, not the trips, are grouped. Each query
    # read without the ORM's converters (core.rawsql.values_rows): ints and names.
    trips = values_rows(
        AgencyYearTrips.objects.filter(scope & visible(user), trips__gt=0)
        .order_by()
        .values_list("agency_id", "agency__name", "status", "kind")
        .annotate(n=Sum("trips"), justified=Sum("justified"))
    )
    figures: dict[int, AgencyFigures] = {}
    for agency, name, status, kind, n, justified in trips:
        f = figures.get(agency)
        if f is None:  # not setdefault: it would build figures for each of an agency's rows
            f = figures[agency] = AgencyFigures(agency, name)
        # dict.get, not Counter's +=: its __missing__ is Python, once a row (thousands).
        by_status, by_kind = f.by_status, f.by_kind
        by_status[status] = by_status.get(status, 0) + n
        by_kind[kind] = by_kind.get(kind, 0) + n
        f.warnings_justified += justified
    if not figures:
        return []
    counted = scope & visible(user, counted_only=True)
    sums = values_rows(
        AgencyYearTally.objects.filter(counted)
        .exclude(value=0)
        .order_by()
        .values_list("agency_id", "measure", "key")
        .annotate(total=Cast(Sum("value"), BigIntegerField()))  # not numeric: an int
    )
    for agency, measure, key, value in sums:
        f = figures[agency]
        if measure == "estimated":
            f.estimated_cost_vnd += value
        elif measure == "actual":
            f.actual_cost_vnd += value
        elif measure == "on_time":
            f.reports_on_time += value
        elif measure == "late":
            f.reports_late += value
        elif measure == "days":
            f.days_abroad += value
        elif measure == "country":
            f.countries[key] += value
        elif measure == "funding":
            f.funding[key] += value
    people = values_rows(
        OfficialYearUsage.objects.filter(counted, trips__gt=0)
        .order_by()
        .values_list("agency_id")
        .annotate(n=Count("official_id", distinct=True))
    )
    for agency, n in people:
        figures[agency].people_sent = n
    return sorted(figures.values(), key=lambda f: f.agency)


def listed(year: int, user, agency_id=None, *, page: int, per_page: int, keep: int) -> Listed:
    """Page `page` (from 1, kept within the pages) of `per_page` agencies and the `keep`
    largest of each chart, as statistics.listed gives them from every agency's figures
    (held equal in analytics/tests/test_summary.py), without reading every agency: eight
    queries."""
    scope = Q(year=year) & (Q(agency_id=agency_id) if agency_id else Q())
    trips = AgencyYearTrips.objects.filter(scope & visible(user), trips__gt=0).order_by()
    totals = trips.aggregate(n=Count("agency_id", distinct=True), t=Sum("trips"))
    count, total = totals["n"], totals["t"]
    if not count:
        return Listed([], 0, 1, AgencyLeaders([], 0, 0), AgencyLeaders([], 0, 0))
    page = within_pages(page, count, per_page)
    names = trips.values_list("agency_id", "agency__name").distinct()
    first = (page - 1) * per_page
    ids = [
        pk for pk, _name in names.order_by("agency__name", "agency_id")[first : first + per_page]
    ]
    by_trips = values_rows(
        trips.values_list("agency_id", "agency__name")
        .annotate(v=Sum("trips"))
        .order_by("-v", "agency__name", "agency_id")[:keep]
    )
    costs = AgencyYearTally.objects.filter(
        scope & visible(user, counted_only=True), measure="estimated"
    ).order_by()
    by_cost = values_rows(
        costs.values_list("agency_id", "agency__name")
        .annotate(v=Cast(Sum("value"), BigIntegerField()))
        .exclude(v=0)
        .order_by("-v", "agency__name", "agency_id")[:keep]
    )
    cost = costs.aggregate(t=Sum("value"))["t"] or 0
    return Listed(
        agency_figures(year, user, agency_id, among=ids),
        count,
        page,
        _leaders(by_trips, count, total),
        _leaders(by_cost, count, cost),
    )


def _leaders(rows, count, total) -> AgencyLeaders:
    shown = [(name, value) for _pk, name, value in rows]
    drawn = sum(value for _name, value in shown)
    return AgencyLeaders(shown, count - len(shown), int(total) - drawn)


def _entitlement(year: int):
    """Official.leave_entitlement(year) in SQL: the base plus a day per full five years of
    service by 1 January of `year` (agencies/models.py's full_five_year_spans)."""
    start = "official__service_start_date"
    before_new_year = Case(
        When(**{f"{start}__month": 1, f"{start}__day": 1}, then=Value(0)), default=Value(1)
    )
    spans = Case(
        When(**{f"{start}__gte": dt.date(year, 1, 1)}, then=Value(0)),
        default=(Value(year) - ExtractYear(start) - before_new_year) / Value(5),
    )
    return F("official__leave_base_days") + spans


def near_limits(year: int, agency_id=None, share=0.8, *, limit=None):
    """Officials at their business-trip quota, or with private working days abroad at
    `share` or more of their leave, in `year` (of `agency_id`'s officials as they are now),
    by agency and name: a queryset of dicts to page (a count and a page, two queries), read
    as OfficialNearLimit with `as_rows`. The page reads it through NearLimits."""
    limit = limit or PolicyConfig.from_settings().max_business_trips_per_year
    smallest = share * min(Official.LeaveBase.values)
    # The few who may be near first, from the summary alone (no entitlement is below the
    # smallest base); then their names and entitlements.
    candidates = (
        OfficialYearUsage.objects.filter(year=year)
        .order_by()
        .values("official_id")
        .annotate(b=Sum("business_trips"), p=Sum("private_working_days"))
        .filter(Q(b__gte=limit) | Q(p__gte=smallest))
        .values("official_id")
    )
    rows = OfficialYearUsage.objects.filter(year=year, official_id__in=Subquery(candidates))
    if agency_id:
        rows = rows.filter(official__agency_id=agency_id)
    ratio = Fraction(share).limit_denominator(1000)
    return (
        rows.order_by()
        .values(
            "official_id",
            "official__full_name",
            "official__agency__name",
            "official__leave_base_days",
            "official__service_start_date",
        )
        .annotate(
            business=Sum("business_trips"),
            private=Sum("private_working_days"),
            entitled=_entitlement(year),
        )
        .annotate(scaled_private=F("private") * ratio.denominator)
        .annotate(scaled_entitled=F("entitled") * ratio.numerator)
        .filter(Q(business__gte=limit) | Q(scaled_private__gte=F("scaled_entitled")))
        .order_by("official__agency__name", "official__full_name", "official_id")
    )


class NearLimits:
    """near_limits(year, agency_id, share) for a Paginator, as it pages a queryset (count()
    and a slice), on that queryset's SQL compiled once per process, arguments and database
    (the replica's, under reads_from_replica): building and compiling its grouped query cost
    the statistics page more CPU than the database's two runs of it, on every view."""

    def __init__(self, year: int, agency_id=None, share=0.8):
        limit = PolicyConfig.from_settings().max_business_trips_per_year
        self.alias = router.db_for_read(OfficialYearUsage)
        self.sql, self.params, self.names = _near_limits_sql(
            year, agency_id, share, limit, self.alias
        )

    def count(self) -> int:
        sql = f"SELECT COUNT(*) FROM ({self.sql}) near"
        return fetch(sql, self.params, using=self.alias)[0][0]

    def __getitem__(self, window: slice) -> list[dict]:
        start, stop = window.start or 0, window.stop
        params = [*self.params, stop - start, start]
        rows = fetch(f"{self.sql} LIMIT %s OFFSET %s", params, using=self.alias)
        return [dict(zip(self.names, row, strict=True)) for row in rows]


@functools.lru_cache(maxsize=128)
def _near_limits_sql(year, agency_id, share, limit, alias) -> tuple[str, tuple, list[str]]:
    query = near_limits(year, agency_id, share, limit=limit).query
    sql, params = query.get_compiler(alias).as_sql()
    # The columns as a values() queryset names them (django.db.models.query.ValuesIterable).
    return sql, tuple(params), [*query.extra_select, *query.values_select, *query.annotation_select]


def as_rows(page_rows, limit=None) -> list[OfficialNearLimit]:
    limit = limit or PolicyConfig.from_settings().max_business_trips_per_year
    return [
        OfficialNearLimit(
            row["official_id"],
            row["official__full_name"],
            row["official__agency__name"],
            row["business"],
            limit,
            row["private"],
            # PostgreSQL's EXTRACT gives numeric; the ORM's converter truncates it, as here.
            int(row["entitled"]),
        )
        for row in page_rows
    ]
