"""Figures per agency and period for the Department (L2, L5, L8, L11), aggregated in SQL
(GROUP BY / HAVING): a fixed number of queries, and rows per agency rather than per trip or
per official, whatever the size of the province."""

import dataclasses
import datetime as dt
from collections import Counter

from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Greatest, Least
from django_countries import countries

from agencies.models import Agency, Official
from analytics import charts
from analytics.sql import InclusiveDays, JsonKeyCount
from core.calendar import load_calendar
from core.formatting import format_vnd
from reports.selectors import FILED  # what counts as filed: the reports app's answer
from trips.models import TripMember, TripRequest
from trips.policy import PolicyConfig
from trips.policy.absence import lookback
from trips.usage import UsageRow, tally

COUNTED = TripRequest.COUNTED_STATUSES
BUSINESS, PRIVATE = TripRequest.Kind.BUSINESS, TripRequest.Kind.PRIVATE


@dataclasses.dataclass
class AgencyFigures:
    agency_id: int
    agency: str
    by_status: Counter = dataclasses.field(default_factory=Counter)
    by_kind: Counter = dataclasses.field(default_factory=Counter)
    people_sent: int = 0
    days_abroad: int = 0  # person-days abroad on approved trips
    countries: Counter = dataclasses.field(default_factory=Counter)
    funding: Counter = dataclasses.field(default_factory=Counter)
    estimated_cost_vnd: int = 0
    actual_cost_vnd: int = 0
    reports_on_time: int = 0
    reports_late: int = 0
    warnings_justified: int = 0

    @property
    def trips(self) -> int:
        return sum(self.by_status.values())

    @property
    def approved(self) -> int:
        return sum(self.by_status[s] for s in COUNTED)

    @property
    def country_counts(self) -> list[tuple[str, int]]:
        # By name in the reader's language; and a plain list, since templates look a
        # Counter's attributes up as keys first.
        return [(countries.name(code) or code, n) for code, n in self.countries.most_common()]


@dataclasses.dataclass
class AgencyLeaders:
    """A chart's bars: (agency, value) of the largest, largest first, and how many agencies
    are not drawn and their sum."""

    shown: list[tuple[str, int]]
    others: int
    rest: int


@dataclasses.dataclass
class Listed:
    """What the statistics page shows of a period: the figures of one page of the agencies
    with trips (by name), how many such agencies there are, the page's number, and each
    chart's leaders."""

    figures: list[AgencyFigures]
    count: int
    page: int
    trips: AgencyLeaders
    cost: AgencyLeaders


def within_pages(page: int, count: int, per_page: int) -> int:
    return min(max(page, 1), max(-(-count // per_page), 1))


def listed(figures: list[AgencyFigures], *, page: int, per_page: int, keep: int) -> Listed:
    """The page and the charts' leaders from every agency's figures (any period: counted
    from its trips; a calendar year reads summary_figures.listed instead)."""
    page = within_pages(page, len(figures), per_page)
    first = (page - 1) * per_page

    def leaders(items):
        return AgencyLeaders(*charts.leading(items, keep))

    return Listed(
        figures[first : first + per_page],
        len(figures),
        page,
        leaders([(f.agency, f.trips) for f in figures]),
        leaders([(f.agency, f.estimated_cost_vnd) for f in figures]),
    )


def table_rows(figures: list[AgencyFigures]) -> list[dict[str, str]]:
    """The statistics table's cells, written once per figures (cached with them, per
    language: the countries' names): a dict a row, which a template reads at its first try,
    and no filter or inner loop per cell."""
    return [
        {
            "agency": f.agency,
            "trips": str(f.trips),
            "approved": str(f.approved),
            "business": str(f.by_kind[BUSINESS]),
            "private": str(f.by_kind[PRIVATE]),
            "people": str(f.people_sent),
            "days": str(f.days_abroad),
            "estimated": format_vnd(f.estimated_cost_vnd),
            "actual": format_vnd(f.actual_cost_vnd),
            "reports": f"{f.reports_on_time} / {f.reports_late}",
            "justified": str(f.warnings_justified),
            "countries": ", ".join(f"{name} ({n})" for name, n in f.country_counts),
        }
        for f in figures
    ]


def _codes(countries) -> list[str]:
    # values() hands CountryField(multiple=True) back as its stored text, "JP,KR".
    if isinstance(countries, str):
        return [code for code in countries.split(",") if code]
    return [str(code) for code in countries or []]


def agency_figures(trips) -> list[AgencyFigures]:
    """`trips`: the requests in scope (already limited to what the viewer may see and to the
    period). Five grouped queries; each returns a few rows per agency."""
    trips = trips.order_by()
    counted = trips.filter(status__in=COUNTED)
    figures: dict[int, AgencyFigures] = {}
    # Grouped on the trips alone, the names read after: grouping by the joined name too made
    # a year's sort spill to disk (EXPLAIN ANALYZE, 500 000 trips).
    rows = list(
        trips.values("agency_id", "status", "kind").annotate(
            n=Count("id"), justified=Sum(JsonKeyCount("justifications"))
        )
    )
    names = dict(
        Agency.objects.filter(pk__in={row["agency_id"] for row in rows}).values_list("pk", "name")
    )
    for row in rows:
        f = figures.get(row["agency_id"])
        if f is None:  # not setdefault: it would build figures for each of an agency's rows
            f = figures[row["agency_id"]] = AgencyFigures(row["agency_id"], names[row["agency_id"]])
        f.by_status[row["status"]] += row["n"]
        f.by_kind[row["kind"]] += row["n"]
        f.warnings_justified += row["justified"] or 0
    filed = Q(report__status__in=FILED)
    for row in counted.values("agency_id").annotate(
        estimated=Sum("estimated_cost_vnd"),
        actual=Sum("report__actual_cost_vnd"),
        late=Count("id", filter=filed & Q(report__working_days_late__gt=0)),
        on_time=Count("id", filter=filed & Q(report__working_days_late=0)),
    ):
        f = figures[row["agency_id"]]
        f.estimated_cost_vnd, f.actual_cost_vnd = row["estimated"] or 0, row["actual"] or 0
        f.reports_on_time, f.reports_late = row["on_time"], row["late"]
    # Each distinct set of countries once per agency: a handful of rows, split here.
    for row in counted.values("agency_id", "countries").annotate(n=Count("id")):
        for code in _codes(row["countries"]):
            figures[row["agency_id"]].countries[code] += row["n"]
    for row in counted.values("agency_id", "plan_line__funding_source").annotate(n=Count("id")):
        figures[row["agency_id"]].funding[row["plan_line__funding_source"] or "—"] += row["n"]
    people = (
        TripMember.objects.filter(trip__in=counted)
        .order_by()
        .values("trip__agency_id")
        .annotate(
            n=Count("official", distinct=True),
            days=Sum(InclusiveDays("trip__return_date", "trip__departure_date")),
        )
    )
    for row in people:
        f = figures[row["trip__agency_id"]]
        f.people_sent, f.days_abroad = row["n"], row["days"] or 0
    return sorted(figures.values(), key=lambda f: f.agency)


@dataclasses.dataclass(frozen=True)
class OfficialNearLimit:
    official_id: int
    full_name: str
    agency: str
    business_trips: int
    business_limit: int
    private_working_days: int
    leave_entitlement: int


def _memberships(year: int, officials):
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # The departure bounded below too (no trip is longer than the lookback): without it the
    # trips' index was read back to the first year on record.
    since = first - dt.timedelta(days=lookback(PolicyConfig.from_settings()))
    rows = TripMember.objects.filter(
        trip__status__in=COUNTED,
        trip__departure_date__lte=last,
        trip__departure_date__gte=since,
        trip__return_date__gte=first,
    ).order_by()
    return rows if officials is None else rows.filter(official__in=officials)


def _candidates(year: int, officials, share: float, limit: int):
    """Who may be near a limit, decided in SQL: at the business quota, or with private
    calendar days in `year` of at least `share` of the smallest entitlement (working days
    are never more than calendar days, nor an entitlement less than its base)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    smallest = share * min(Official.LeaveBase.values)
    in_year = InclusiveDays(
        Least("trip__return_date", Value(last)), Greatest("trip__departure_date", Value(first))
    )
    return (
        _memberships(year, officials)
        .values("official_id")
        .annotate(
            # Not DISTINCT: an official is a member of a trip once (trip_member_once), and
            # a plain count lets PostgreSQL hash the groups instead of sorting 33 000 rows.
            business=Count(
                "trip_id", filter=Q(trip__kind=BUSINESS, trip__departure_date__gte=first)
            ),
            private_days=Sum(in_year, filter=Q(trip__kind=PRIVATE)),
        )
        .filter(Q(business__gte=limit) | Q(private_days__gte=smallest))
    )


def officials_near_limits(year: int, officials=None, share=0.8) -> list[OfficialNearLimit]:
    """Officials at their business-trip quota, or with private working days abroad at
    `share` or more of their leave, in `year`, by agency and name. Four queries: the
    candidates (grouped in SQL), their private trips (working days need the calendar), their
    names, the calendar's overrides. `officials`: ids or a queryset, None for everyone."""
    limit = PolicyConfig.from_settings().max_business_trips_per_year
    candidates = {
        row["official_id"]: row["business"] for row in _candidates(year, officials, share, limit)
    }
    if not candidates:
        return []
    private = (
        _memberships(year, officials)
        .filter(trip__kind=PRIVATE, official_id__in=list(candidates))
        .values_list(
            "official_id", "trip_id", "trip__kind", "trip__departure_date", "trip__return_date"
        )
    )
    calendar = load_calendar(dt.date(year, 1, 1), dt.date(year, 12, 31))
    used = tally([UsageRow(*values) for values in private], year, calendar)
    people = (
        Official.objects.filter(pk__in=list(candidates))
        .order_by("agency__name", "full_name", "pk")
        .values_list("pk", "full_name", "agency__name", "leave_base_days", "service_start_date")
    )
    rows = []
    for pk, name, agency, base, service_start in people:
        entitled = Official(leave_base_days=base, service_start_date=service_start)
        entitled = entitled.leave_entitlement(year)
        days = used[pk].private_working_days if pk in used else 0
        if candidates[pk] >= limit or days >= share * entitled:
            rows.append(OfficialNearLimit(pk, name, agency, candidates[pk], limit, days, entitled))
    return rows
