"""Figures per agency and period for the Department (L2, L5, L8, L11), in a fixed number of
queries whatever the number of trips or agencies."""

import dataclasses
from collections import Counter

from django.db.models import Count
from django_countries import countries

from agencies.models import Official
from reports.selectors import FILED  # what counts as filed: the reports app's answer
from trips.models import TripMember, TripRequest
from trips.policy import PolicyConfig
from trips.usage import yearly_usage

COUNTED = TripRequest.COUNTED_STATUSES


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


def _codes(countries) -> list[str]:
    # values() hands CountryField(multiple=True) back as its stored text, "JP,KR".
    if isinstance(countries, str):
        return [code for code in countries.split(",") if code]
    return [str(code) for code in countries or []]


def agency_figures(trips) -> list[AgencyFigures]:
    """`trips`: the requests in scope (already limited to what the viewer may see and to the
    period). Two queries: the requests with their report, and the people sent."""
    rows = (
        trips.order_by()
        .annotate(member_count=Count("members"))
        .values(
            "agency_id", "agency__name", "status", "kind", "departure_date", "return_date",
            "countries", "estimated_cost_vnd", "plan_line__funding_source", "report__status",
            "report__working_days_late", "report__actual_cost_vnd", "justifications", "member_count",
        )
    )  # fmt: skip
    figures: dict[int, AgencyFigures] = {}
    for row in rows:
        f = figures.setdefault(
            row["agency_id"], AgencyFigures(row["agency_id"], row["agency__name"])
        )
        f.by_status[row["status"]] += 1
        f.by_kind[row["kind"]] += 1
        f.warnings_justified += len(row["justifications"] or {})
        if row["status"] not in COUNTED:
            continue
        f.days_abroad += ((row["return_date"] - row["departure_date"]).days + 1) * row[
            "member_count"
        ]
        f.countries.update(_codes(row["countries"]))
        f.funding[row["plan_line__funding_source"] or "—"] += 1
        f.estimated_cost_vnd += row["estimated_cost_vnd"]
        f.actual_cost_vnd += row["report__actual_cost_vnd"] or 0
        if row["report__status"] in FILED:
            if row["report__working_days_late"]:
                f.reports_late += 1
            else:
                f.reports_on_time += 1
    people = (
        TripMember.objects.filter(trip__in=trips.filter(status__in=COUNTED))
        .order_by()
        .values("trip__agency_id")
        .annotate(n=Count("official", distinct=True))
    )
    for row in people:
        figures[row["trip__agency_id"]].people_sent = row["n"]
    return sorted(figures.values(), key=lambda f: f.agency)


@dataclasses.dataclass
class OfficialNearLimit:
    official: Official
    business_trips: int
    business_limit: int
    private_working_days: int
    leave_entitlement: int


def officials_near_limits(year: int, officials=None, share=0.8) -> list[OfficialNearLimit]:
    """Officials at their business-trip quota, or with private days abroad at `share` or
    more of their leave, in `year`. Three queries."""
    config = PolicyConfig.from_settings()
    usage = yearly_usage(officials, year)  # two queries
    people = Official.objects.filter(pk__in=list(usage)).select_related("agency")
    rows = []
    for official in people:
        entitled, used = official.leave_entitlement(year), usage[official.pk]
        if (
            used.business_trips >= config.max_business_trips_per_year
            or used.private_working_days >= share * entitled
        ):
            rows.append(
                OfficialNearLimit(
                    official,
                    used.business_trips,
                    config.max_business_trips_per_year,
                    used.private_working_days,
                    entitled,
                )
            )
    return sorted(rows, key=lambda r: (r.official.agency.name, r.official.full_name))
