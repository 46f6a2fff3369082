"""The agency's work in mind (L8, first half) and no sending in large numbers (L9), agency-wide."""

from __future__ import annotations

from collections import defaultdict

from core.formatting import format_date
from trips.policy.absence import absence_limit, busiest_day, daily_counts
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BOTH, WARN


@rule(
    "AGENCY_ABSENCE_SHARE",
    clause="L8, L9",
    kinds=BOTH,
    severity=WARN,
    settings={"agency_absence_share_percent": 20, "agency_absence_min_people": 3},
)
def AGENCY_ABSENCE_SHARE(facts: Facts) -> list[Finding]:
    """L8, L9: on some day of the trip more of an agency's officials would be abroad (approved
    or completed trips, and this request's members) than its share of its active officials
    (POLICY.md, additions of 2026-12-06)."""
    trip, config = facts.trip, facts.config
    members = defaultdict(list)
    for official in facts.members():
        members[official.agency_id].append(official.id)
    findings = []
    for agency_id, ids in members.items():
        absences = facts.agency_absences.get(agency_id)
        if absences is None:
            continue
        limit = absence_limit(absences.active, config)
        counts = daily_counts(absences.abroad, trip.departure_date, trip.return_date, ids)
        day, count = busiest_day(counts)
        if count <= limit:
            continue
        values = {
            "agency": absences.name,
            "day": format_date(day),
            "count": count,
            "limit": limit,
            "active": absences.active,
            "percent": config.agency_absence_share_percent,
        }
        message = _(
            "%(agency)s: ngày %(day)s có %(count)s người ở nước ngoài, vượt mức %(limit)s "
            "người (%(percent)s%% của %(active)s cán bộ đang công tác): cân nhắc công việc "
            "của cơ quan, hạn chế cử nhiều người cùng vắng."
        )
        findings.append(make("AGENCY_ABSENCE_SHARE", WARN, message % values, ids))
    return findings
