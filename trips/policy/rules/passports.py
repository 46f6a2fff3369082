"""The members' passports (L12)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.formatting import format_date
from passports import fitness
from passports.models import Passport
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.registry import rule
from trips.policy.rules.common import BOTH, WARN


@rule("PASSPORT_NOT_READY", clause="L12", kinds=BOTH, severity=WARN)
def PASSPORT_NOT_READY(facts: Facts) -> list[Finding]:
    """L12: each member has a passport of the right kind in custody, valid 6 months past return.

    In custody: in the safe, or out for another trip and due back before this departure
    (passports.fitness, the definition the hand-out shares)."""
    trip, config = facts.trip, facts.config
    until = fitness.valid_until(trip.return_date, config.passport_validity_months)
    findings = []
    for official in facts.members():
        passports = facts.passports.get(official.id, [])
        kinds = fitness.required_kinds(
            is_business=trip.is_business, passports=passports, today=facts.today
        )
        ready = any(
            fitness.is_ready(
                p,
                kinds=kinds,
                until=until,
                trip_id=trip.trip_id,
                departure_date=trip.departure_date,
                calendar=facts.calendar,
                return_days=config.passport_return_working_days,
            )
            for p in passports
        )
        if not ready:
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
                        "kind": " / ".join(
                            str(Passport.Kind(k).label).lower() for k in sorted(kinds)
                        ),
                        "until": format_date(until),
                        "months": facts.config.passport_validity_months,
                    },
                    [official.id],
                )
            )
    return findings
