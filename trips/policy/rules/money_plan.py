"""The annual plan of foreign affairs and its budget (L2)."""

from __future__ import annotations

from core.formatting import format_vnd
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import WARN, Kind


@rule("NOT_IN_ANNUAL_PLAN", clause="L2", kinds=(Kind.BUSINESS,), severity=WARN)
def NOT_IN_ANNUAL_PLAN(facts: Facts) -> list[Finding]:
    """L2: a business trip should be a line of the agency's approved plan for its year."""
    if facts.plan is not None and facts.plan.line is not None:
        return []
    return [
        make(
            "NOT_IN_ANNUAL_PLAN",
            WARN,
            _(
                "Chuyến đi không thuộc nội dung nào của kế hoạch đối ngoại năm %(year)s đã được "
                "phê duyệt của cơ quan."
            )
            % {"year": facts.trip.departure_date.year},
        )
    ]


@rule("OVER_PLAN_BUDGET", clause="L2", kinds=(Kind.BUSINESS,), severity=WARN)
def OVER_PLAN_BUDGET(facts: Facts) -> list[Finding]:
    """L2: the estimated cost should not take the plan line, or the plan, over its budget."""
    plan, cost = facts.plan, facts.trip.estimated_cost_vnd
    if plan is None or plan.line is None:
        return []
    findings = []
    if plan.line_spent_vnd + cost > plan.line.budget_vnd:
        findings.append(
            make(
                "OVER_PLAN_BUDGET",
                WARN,
                _(
                    "Dự toán %(cost)s cộng với %(spent)s đã duyệt vượt kinh phí %(budget)s của "
                    "nội dung kế hoạch “%(line)s” %(over)s."
                )
                % {
                    "cost": format_vnd(cost),
                    "spent": format_vnd(plan.line_spent_vnd),
                    "budget": format_vnd(plan.line.budget_vnd),
                    "line": plan.line.title,
                    "over": format_vnd(plan.line_spent_vnd + cost - plan.line.budget_vnd),
                },
            )
        )
    elif plan.plan_spent_vnd + cost > plan.plan_budget_vnd:
        findings.append(
            make(
                "OVER_PLAN_BUDGET",
                WARN,
                _(
                    "Dự toán %(cost)s cộng với %(spent)s đã duyệt vượt tổng kinh phí %(budget)s "
                    "của kế hoạch năm."
                )
                % {
                    "cost": format_vnd(cost),
                    "spent": format_vnd(plan.plan_spent_vnd),
                    "budget": format_vnd(plan.plan_budget_vnd),
                },
            )
        )
    return findings
