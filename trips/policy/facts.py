"""The facts step: everything the rules need, loaded in a fixed, small number of queries.

At most 10 queries whatever the size of the delegation or the history: the officials, their
other trips, the key leaders' absences, open discipline reviews, passports, overdue reports,
the annual plan (up to three) and the calendar overrides.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict

from django.db.models import Q, Sum
from django.utils import timezone

from agencies.models import DisciplinaryReview, Official
from core.calendar import WorkingCalendar, load_calendar
from passports.models import Passport
from plans.models import AnnualPlan, PlanLine
from reports.models import PostTripReport
from trips.models import TripMember, TripRequest
from trips.policy.config import PolicyConfig


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

    @classmethod
    def from_trip(cls, trip: TripRequest) -> TripData:
        return cls(
            kind=trip.kind,
            agency_id=trip.agency_id,
            departure_date=trip.departure_date,
            return_date=trip.return_date,
            members=[MemberData(m.official_id, m.is_head) for m in trip.members.all()],
            countries=[str(c) for c in trip.countries],
            organiser_type=trip.organiser_type,
            funded_by_enterprise=trip.funded_by_enterprise,
            named_invitation_by_foreign_enterprise=trip.named_invitation_by_foreign_enterprise,
            involves_commitment=trip.involves_commitment,
            mandate_reference=trip.mandate_reference,
            estimated_cost_vnd=trip.estimated_cost_vnd,
            plan_line_id=trip.plan_line_id,
            trip_id=trip.pk,
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
    line: PlanLine | None  # the chosen line, if it belongs to the approved plan of the year
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
    passports: dict[int, list[Passport]]
    overdue_reports: dict[int, list[OtherTrip]]
    plan: PlanFacts | None
    calendar: WorkingCalendar

    def members(self) -> list[Official]:
        """The members in the order of the request (unknown ids are left out)."""
        return [self.officials[i] for i in self.trip.member_ids if i in self.officials]


_TRIP_FIELDS = (
    "trip_id",
    "official_id",
    "trip__kind",
    "trip__status",
    "trip__title",
    "trip__departure_date",
    "trip__return_date",
    "trip__estimated_cost_vnd",
    "official__agency_id",
    "official__full_name",
)


def _other_trips(rows) -> list[OtherTrip]:
    return [OtherTrip(*row) for row in rows.values_list(*_TRIP_FIELDS)]


def _group(items, key) -> dict[int, list]:
    grouped = defaultdict(list)
    for item in items:
        grouped[key(item)].append(item)
    return dict(grouped)


def load_facts(data: TripData, *, config: PolicyConfig, today: dt.date | None = None) -> Facts:
    today = today or timezone.localdate()
    ids = data.member_ids
    span_start = dt.date(data.departure_date.year, 1, 1)
    span_end = dt.date(data.return_date.year, 12, 31)
    not_this = ~Q(trip_id=data.trip_id) if data.trip_id else Q()

    officials = {o.id: o for o in Official.objects.filter(id__in=ids)}

    other_trips = _other_trips(
        TripMember.objects.filter(
            not_this,
            official_id__in=ids,
            trip__status__in=TripRequest.COUNTED_STATUSES + TripRequest.PENDING_STATUSES,
            trip__departure_date__lte=span_end,
            trip__return_date__gte=span_start,
        )
    )

    key_leader_agencies = {o.agency_id for o in officials.values() if o.is_key_leader}
    key_leader_absences = []
    if key_leader_agencies:
        key_leader_absences = _other_trips(
            TripMember.objects.filter(
                not_this,
                official__agency_id__in=key_leader_agencies,
                official__is_key_leader=True,
                trip__status__in=TripRequest.COUNTED_STATUSES,
                trip__departure_date__lte=data.return_date,
                trip__return_date__gte=data.departure_date,
            ).exclude(official_id__in=ids)
        )

    # Open on any day from today (submission) to the return date.
    reviews = DisciplinaryReview.objects.filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=today),
        official_id__in=ids,
        opened_on__lte=data.return_date,
    )

    overdue = TripMember.objects.filter(
        official_id__in=ids,
        trip__kind=TripRequest.Kind.BUSINESS,
        trip__status__in=TripRequest.COUNTED_STATUSES,
        trip__report_due_on__lt=today,
    ).exclude(
        trip__report__status__in=[
            PostTripReport.Status.SUBMITTED,
            PostTripReport.Status.ACCEPTED,
        ]
    )

    return Facts(
        trip=data,
        config=config,
        today=today,
        officials=officials,
        other_trips=other_trips,
        key_leader_absences=key_leader_absences,
        open_reviews=_group(reviews, lambda r: r.official_id),
        passports=_group(Passport.objects.filter(official_id__in=ids), lambda p: p.official_id),
        overdue_reports=_group(
            [t for t in _other_trips(overdue) if t.trip_id != data.trip_id],
            lambda t: t.official_id,
        ),
        plan=_load_plan(data) if data.is_business else None,
        calendar=load_calendar(span_start, span_end),
    )


def _load_plan(data: TripData) -> PlanFacts:
    """The approved plan of the agency for the year of departure, and what is spent of it."""
    plan = (
        AnnualPlan.objects.filter(
            agency_id=data.agency_id,
            year=data.departure_date.year,
            status=AnnualPlan.Status.APPROVED,
        )
        .annotate(budget=Sum("lines__budget_vnd"))
        .first()
    )
    if plan is None:
        return PlanFacts(line=None)
    line = None
    if data.plan_line_id:
        line = PlanLine.objects.filter(id=data.plan_line_id, plan=plan).first()
    spent = (
        TripRequest.objects.filter(plan_line__plan=plan, status__in=TripRequest.COUNTED_STATUSES)
        .exclude(pk=data.trip_id)
        .aggregate(
            plan=Sum("estimated_cost_vnd"),
            line=Sum("estimated_cost_vnd", filter=Q(plan_line_id=data.plan_line_id)),
        )
    )
    return PlanFacts(
        line=line,
        plan_budget_vnd=plan.budget or 0,
        line_spent_vnd=spent["line"] or 0,
        plan_spent_vnd=spent["plan"] or 0,
    )
