"""Plans a user may see, and the lines a request may follow (each line's figures against
what happened: trips/plan_actuals.py, above)."""

from django.db.models import QuerySet

from plans.models import AnnualPlan, PlanLine


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


def plan_lines_usable_by(user) -> QuerySet[PlanLine]:
    """The plan lines a request of the user's agency may follow: lines of that agency's
    approved plans only (a draft, submitted or superseded plan authorises nothing)."""
    if not (user.is_authenticated and user.is_active and user.is_agency_staff):
        return PlanLine.objects.none()
    return PlanLine.objects.filter(
        plan__agency_id=user.agency_id, plan__status=AnnualPlan.Status.APPROVED
    )
