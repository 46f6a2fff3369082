"""The members' passports (L12)."""

from __future__ import annotations

from core.formatting import format_date
from trips.policy import providers
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BOTH, WARN


@rule("PASSPORT_NOT_READY", clause="L12", kinds=BOTH, severity=WARN)
def PASSPORT_NOT_READY(facts: Facts) -> list[Finding]:
    """L12: each member has a passport of the right kind in custody, valid 6 months past return.

    In custody: in the safe, or out for another trip and due back before this departure
    (passports.fitness, the definition the hand-out shares, answers through
    passports/policy_facts.py)."""
    passports = providers.passports()
    findings = []
    for official in facts.members():
        readiness = passports.readiness(
            facts.passports.get(official.id, []),
            trip=facts.trip,
            config=facts.config,
            today=facts.today,
            calendar=facts.calendar,
        )
        if not readiness.ready:
            findings.append(
                make(
                    "PASSPORT_NOT_READY",
                    WARN,
                    _(
                        "%(name)s chưa có %(kind)s do cơ quan lưu giữ còn hạn đến ít nhất "
                        "%(until)s (%(months)s tháng sau ngày về)."
                    )
                    % {
                        "name": official.honorific_name,
                        "kind": readiness.kinds_label,
                        "until": format_date(readiness.until),
                        "months": facts.config.passport_validity_months,
                    },
                    [official.id],
                )
            )
    return findings
