"""What a member's year already holds: business trips (L5) and leave days (L8)."""

from __future__ import annotations

from collections import defaultdict

from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BLOCK, WARN, Kind
from trips.usage import YearUsage, days_in_year


def _business_trips(facts: Facts, year: int, *, counted: bool) -> dict[int, int]:
    """Business trips of `year` per member: approved and completed ones (`counted`), or the
    ones waiting for a decision."""
    usage = facts.usage(year) if counted else facts.usage(year, pending=True)
    return defaultdict(int, {i: u.business_trips for i, u in usage.items()})


@rule(
    "TRIP_QUOTA_EXCEEDED",
    clause="L5",
    kinds=(Kind.BUSINESS,),
    severity=BLOCK,
    settings={"max_business_trips_per_year": 2},
)
def TRIP_QUOTA_EXCEEDED(facts: Facts) -> list[Finding]:
    """L5: an official goes on business abroad no more than 2 times a year (by departure)."""
    year, limit = facts.trip.departure_date.year, facts.config.max_business_trips_per_year
    approved = _business_trips(facts, year, counted=True)
    return [
        make(
            "TRIP_QUOTA_EXCEEDED",
            BLOCK,
            _(
                "%(name)s đã có %(count)s chuyến công tác nước ngoài năm %(year)s; "
                "chuyến này sẽ vượt quá %(limit)s chuyến/năm."
            )
            % {
                "name": o.honorific_name,
                "count": approved[o.id],
                "year": year,
                "limit": limit,
            },
            [o.id],
        )
        for o in facts.members()
        if approved[o.id] + 1 > limit
    ]


@rule("LEAVE_CAP_EXCEEDED", clause="L8", kinds=(Kind.PRIVATE,), severity=BLOCK)
def LEAVE_CAP_EXCEEDED(facts: Facts) -> list[Finding]:
    """L8: working days abroad on private trips in a year stay within the annual leave."""
    trip, calendar, findings = facts.trip, facts.calendar, []
    years = range(trip.departure_date.year, trip.return_date.year + 1)
    usage = {year: facts.usage(year) for year in years}
    for official in facts.members():
        for year in years:
            used_here = calendar.working_days_between(
                *days_in_year(trip.departure_date, trip.return_date, year)
            )
            used_before = usage[year].get(official.id, YearUsage()).private_working_days
            entitled = official.leave_entitlement(year)
            if used_before + used_here > entitled:
                findings.append(
                    make(
                        "LEAVE_CAP_EXCEEDED",
                        BLOCK,
                        _(
                            "%(name)s được nghỉ phép %(entitled)s ngày làm việc năm %(year)s; "
                            "đã dùng %(before)s ngày cho các chuyến việc riêng đã duyệt, chuyến "
                            "này thêm %(here)s ngày, vượt %(over)s ngày."
                        )
                        % {
                            "name": official.honorific_name,
                            "entitled": entitled,
                            "year": year,
                            "before": used_before,
                            "here": used_here,
                            "over": used_before + used_here - entitled,
                        },
                        [official.id],
                    )
                )
    return findings


@rule(
    "TRIP_QUOTA_AT_RISK",
    clause="L5",
    kinds=(Kind.BUSINESS,),
    severity=WARN,
    settings={"max_business_trips_per_year": 2},
)
def TRIP_QUOTA_AT_RISK(facts: Facts) -> list[Finding]:
    """L5: within the quota now, but not if the member's pending requests were approved too."""
    year, limit = facts.trip.departure_date.year, facts.config.max_business_trips_per_year
    approved = _business_trips(facts, year, counted=True)
    pending = _business_trips(facts, year, counted=False)
    return [
        make(
            "TRIP_QUOTA_AT_RISK",
            WARN,
            _(
                "%(name)s có %(approved)s chuyến đã duyệt và %(pending)s hồ sơ đang chờ duyệt "
                "năm %(year)s; nếu tất cả được duyệt sẽ vượt quá %(limit)s chuyến/năm."
            )
            % {
                "name": o.honorific_name,
                "approved": approved[o.id],
                "pending": pending[o.id],
                "year": year,
                "limit": limit,
            },
            [o.id],
        )
        for o in facts.members()
        if approved[o.id] + 1 <= limit < approved[o.id] + pending[o.id] + 1
    ]
