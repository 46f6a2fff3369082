"""Each line of an annual plan, planned against what happened (plans sit below trips)."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from trips.models import TripMember, TripRequest
from trips.policy import providers


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
    # (reports/policy_facts.py): reports sit above trips.
    reports = providers.reports().filed().filter(trip__plan_line=OuterRef("pk"))
    return plan.lines.annotate(
        actual_trips=_per_line(trips, "plan_line", Count("id")),
        actual_people=_per_line(members, "trip__plan_line", Count("official", distinct=True)),
        estimated_cost=_per_line(trips, "plan_line", Sum("estimated_cost_vnd")),
        actual_cost=_per_line(reports, "trip__plan_line", Sum("actual_cost_vnd")),
        reports_filed=_per_line(reports, "trip__plan_line", Count("id")),
    ).order_by("id")
