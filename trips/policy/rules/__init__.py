"""One function per finding code of POLICY.md: a plain function of the facts, no queries.

Each rule returns a list of findings (empty when the request complies) and is declared with
`@rule(...)` beside it (trips/policy/registry.py), grouped by theme in the modules below.
Thresholds come from `facts.config`; which rules run is decided in `evaluate`.

Findings come blocks first, then in the order of registration: the themes as imported below,
each module's rules in the order of its functions.
"""

from __future__ import annotations

from trips.policy.facts import Facts
from trips.policy.findings import Finding, Severity
from trips.policy.registry import CLAUSES, CODES, OPTIONAL_RULES, RULES, rule, unregister
from trips.policy.rules.delegation import (
    COMMITMENT_WITHOUT_MANDATE,
    DELEGATION_TOO_LARGE,
    ENTERPRISE_SPONSORED,
    LARGE_DELEGATION,
    NAMED_INVITATION_BY_FOREIGN_ENTERPRISE,
    TOO_MANY_COUNTRIES,
)
from trips.policy.rules.money_plan import NOT_IN_ANNUAL_PLAN, OVER_PLAN_BUDGET
from trips.policy.rules.passports import PASSPORT_NOT_READY
from trips.policy.rules.people import (
    KEY_LEADERS_OVERLAP,
    KEY_LEADERS_TOGETHER,
    REPORT_OVERDUE,
    UNDER_DISCIPLINARY_REVIEW,
)
from trips.policy.rules.quota_leave import (
    LEAVE_CAP_EXCEEDED,
    TRIP_QUOTA_AT_RISK,
    TRIP_QUOTA_EXCEEDED,
    days_in_year,
)
from trips.policy.rules.timing import DAYS_PER_COUNTRY, TRIP_TOO_LONG, YEAR_EDGE
from trips.policy.rules.workload import AGENCY_ABSENCE_SHARE


def evaluate(facts: Facts) -> list[Finding]:
    """Every enabled rule that applies to the kind of request, blocks first."""
    findings = []
    for entry in RULES:
        if facts.trip.kind in entry.kinds and facts.config.is_enabled(entry.code):
            findings.extend(entry.function(facts))
    return sorted(findings, key=lambda f: f.severity != Severity.BLOCK)


__all__ = [
    "AGENCY_ABSENCE_SHARE",
    "CLAUSES",
    "CODES",
    "COMMITMENT_WITHOUT_MANDATE",
    "DAYS_PER_COUNTRY",
    "DELEGATION_TOO_LARGE",
    "ENTERPRISE_SPONSORED",
    "KEY_LEADERS_OVERLAP",
    "KEY_LEADERS_TOGETHER",
    "LARGE_DELEGATION",
    "LEAVE_CAP_EXCEEDED",
    "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE",
    "NOT_IN_ANNUAL_PLAN",
    "OPTIONAL_RULES",
    "OVER_PLAN_BUDGET",
    "PASSPORT_NOT_READY",
    "REPORT_OVERDUE",
    "RULES",
    "TOO_MANY_COUNTRIES",
    "TRIP_QUOTA_AT_RISK",
    "TRIP_QUOTA_EXCEEDED",
    "TRIP_TOO_LONG",
    "UNDER_DISCIPLINARY_REVIEW",
    "YEAR_EDGE",
    "days_in_year",
    "evaluate",
    "rule",
    "unregister",
]
