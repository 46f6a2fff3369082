"""Plans a user may see, and each line's planned figures against what happened."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from plans.models import AnnualPlan, PlanLine
from trips.models import TripMember, TripRequest
from trips.policy import providers


def plans_visible_to(user) -> QuerySet[AnnualPlan]:
    """Staff see their agency's plans; reviewers every plan once submitted."""
    plans = AnnualPlan.objects.select_related("agency")
    if not user.is_authenticated or not user.is_active:
        return plans.none()
    if user.is_administrator:
        return plans
    visible = plans.none()
    if user.is_agency_staff:
        visible = visible | plans.filter(agency_id=user.agency_id)
    if user.is_reviewer:
        visible = visible | plans.exclude(status=AnnualPlan.Status.DRAFT)
    return visible


def _per_line(queryset, group_by, value):
    """One number per plan line, as a subquery (no join that would multiply rows)."""
    grouped = queryset.order_by().values(group_by).annotate(n=value).values("n")
    return Coalesce(Subquery(grouped[:1], output_field=IntegerField()), 0)


def lines_with_actuals(plan):
    """The plan's lines with approved trips, people sent, estimated and actual cost, and
    reports filed: one query whatever the number of lines or trips."""
    counted = TripRequest.COUNTED_STATUSES
    trips = TripRequest.objects.filter(plan_line=OuterRef("pk"), status__in=counted)
    members = TripMember.objects.filter(trip__plan_line=OuterRef("pk"), trip__status__in=counted)
    # Which reports are filed is the reports app's answer, registered with trips
    # (reports/policy_facts.py): plans and reports share a floor and import neither other.
    reports = providers.reports().filed().filter(trip__plan_line=OuterRef("pk"))
    return plan.lines.annotate(
        actual_trips=_per_line(trips, "plan_line", Count("id")),
        actual_people=_per_line(members, "trip__plan_line", Count("official", distinct=True)),
        estimated_cost=_per_line(trips, "plan_line", Sum("estimated_cost_vnd")),
        actual_cost=_per_line(reports, "trip__plan_line", Sum("actual_cost_vnd")),
        reports_filed=_per_line(reports, "trip__plan_line", Count("id")),
    ).order_by("id")


def plan_lines_usable_by(user) -> QuerySet[PlanLine]:
    """The plan lines a request of the user's agency may follow: lines of that agency's
    approved plans only (a draft, submitted or superseded plan authorises nothing)."""
    if not (user.is_authenticated and user.is_active and user.is_agency_staff):
        return PlanLine.objects.none()
    return PlanLine.objects.filter(
        plan__agency_id=user.agency_id, plan__status=AnnualPlan.Status.APPROVED
    )
