"""The annual plan's facts for the rules module (L2: NOT_IN_ANNUAL_PLAN, OVER_PLAN_BUDGET):
plans sit below trips, so the facts step reads them directly."""

from __future__ import annotations

from core.rawsql import fetch, placeholders
from plans.models import AnnualPlan, PlanLine
from trips.models import TripRequest
from trips.policy.facts import PlanFacts, TripData

# The approved plan of the year (one at most: a constraint), its budget and what the other
# counted trips on it and on the chosen line cost: one query, in SQL since the facts step
# runs on every check (trips/policy/facts.py).
_PLAN_SQL = """
    SELECT p.id,
           (SELECT COALESCE(SUM(l.budget_vnd), 0) FROM plans_planline l WHERE l.plan_id = p.id),
           (SELECT COALESCE(SUM(t.estimated_cost_vnd), 0)
              FROM trips_triprequest t JOIN plans_planline l ON l.id = t.plan_line_id
             WHERE l.plan_id = p.id AND t.status IN ({counted}) AND t.id <> %s),
           (SELECT COALESCE(SUM(t.estimated_cost_vnd), 0)
              FROM trips_triprequest t
             WHERE t.plan_line_id = %s AND t.status IN ({counted}) AND t.id <> %s)
    FROM plans_annualplan p
    WHERE p.agency_id = %s AND p.year = %s AND p.status = %s
"""


class PlanFactsProvider:
    def load(self, data: TripData) -> PlanFacts:
        """The approved plan of the agency for the year of departure, and what is spent of
        it: one query, and one more for the chosen line."""
        counted = list(TripRequest.COUNTED_STATUSES)
        other = data.trip_id or 0
        rows = fetch(
            _PLAN_SQL.format(counted=placeholders(counted)),
            [
                *counted, other,
                data.plan_line_id or 0, *counted, other,
                data.agency_id, data.departure_date.year, AnnualPlan.Status.APPROVED,
            ],
        )  # fmt: skip
        if not rows:
            return PlanFacts(line=None)
        plan_id, budget, plan_spent, line_spent = rows[0]
        line = None
        if data.plan_line_id:
            line = PlanLine.objects.filter(id=data.plan_line_id, plan_id=plan_id).first()
        return PlanFacts(
            line=line,
            plan_budget_vnd=budget,
            line_spent_vnd=line_spent,
            plan_spent_vnd=plan_spent,
        )
