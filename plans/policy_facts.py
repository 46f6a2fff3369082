"""The annual plan's facts for the rules module (trips/policy/providers.py), registered by
plans/apps.py (L2: NOT_IN_ANNUAL_PLAN, OVER_PLAN_BUDGET)."""

from __future__ import annotations

from django.db.models import Q, Sum

from plans.models import AnnualPlan, PlanLine
from trips.models import TripRequest
from trips.policy.facts import PlanFacts, TripData


class PlanFactsProvider:
    def load(self, data: TripData) -> PlanFacts:
        """The approved plan of the agency for the year of departure, and what is spent of
        it: the plan with its budget, the chosen line, the spending (three queries)."""
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
            TripRequest.objects.filter(
                plan_line__plan=plan, status__in=TripRequest.COUNTED_STATUSES
            )
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
