"""One function per finding code of POLICY.md: a plain function of the facts, no queries.

Each rule returns a list of findings (empty when the request complies). Thresholds come from
`facts.config`; which rules run is decided in `evaluate`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.formatting import format_date, format_vnd
from passports import fitness
from passports.models import Passport
from trips.models import TripRequest
from trips.policy.facts import Facts
from trips.policy.findings import Finding, Severity, make

BLOCK, WARN = Severity.BLOCK, Severity.WARN
Kind = TripRequest.Kind


def _names(officials) -> str:
    return ", ".join(o.honorific_name for o in officials)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end


def days_in_year(start: dt.date, end: dt.date, year: int) -> tuple[dt.date, dt.date] | None:
    """The part of [start, end] that lies in `year`, or None."""
    first, last = max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31))
    return (first, last) if first <= last else None


def DELEGATION_TOO_LARGE(facts: Facts) -> list[Finding]:
    """L4: a delegation has no more than 10 people, its head included."""
    size, limit = len(facts.trip.members), facts.config.max_delegation_size
    if size <= limit:
        return []
    return [
        make(
            "DELEGATION_TOO_LARGE",
            BLOCK,
            _("Đoàn có %(size)s người, vượt quá %(limit)s người. Hãy bớt %(extra)s người.")
            % {"size": size, "limit": limit, "extra": size - limit},
        )
    ]


def _business_trips_by_member(facts: Facts, year: int, *, counted: bool):
    trips = defaultdict(set)
    for other in facts.other_trips:
        if (
            other.kind == Kind.BUSINESS
            and other.departure_date.year == year
            and other.is_counted == counted
        ):
            trips[other.official_id].add(other.trip_id)
    return trips


def TRIP_QUOTA_EXCEEDED(facts: Facts) -> list[Finding]:
    """L5: an official goes on business abroad no more than 2 times a year (by departure)."""
    year, limit = facts.trip.departure_date.year, facts.config.max_business_trips_per_year
    approved = _business_trips_by_member(facts, year, counted=True)
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
                "count": len(approved[o.id]),
                "year": year,
                "limit": limit,
            },
            [o.id],
        )
        for o in facts.members()
        if len(approved[o.id]) + 1 > limit
    ]


def TRIP_QUOTA_AT_RISK(facts: Facts) -> list[Finding]:
    """L5: within the quota now, but not if the member's pending requests were approved too."""
    year, limit = facts.trip.departure_date.year, facts.config.max_business_trips_per_year
    approved = _business_trips_by_member(facts, year, counted=True)
    pending = _business_trips_by_member(facts, year, counted=False)
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
                "approved": len(approved[o.id]),
                "pending": len(pending[o.id]),
                "year": year,
                "limit": limit,
            },
            [o.id],
        )
        for o in facts.members()
        if len(approved[o.id]) + 1 <= limit < len(approved[o.id]) + len(pending[o.id]) + 1
    ]


def KEY_LEADERS_TOGETHER(facts: Facts) -> list[Finding]:
    """L6: two key leaders (lãnh đạo chủ chốt) of one agency are not sent together."""
    by_agency = defaultdict(list)
    for official in facts.members():
        if official.is_key_leader:
            by_agency[official.agency_id].append(official)
    return [
        make(
            "KEY_LEADERS_TOGETHER",
            BLOCK,
            _(
                "%(names)s đều là lãnh đạo chủ chốt của cùng một cơ quan, không được cùng "
                "tham gia một đoàn."
            )
            % {"names": _names(leaders)},
            [o.id for o in leaders],
        )
        for leaders in by_agency.values()
        if len(leaders) >= 2
    ]


def KEY_LEADERS_OVERLAP(facts: Facts) -> list[Finding]:
    """L6: a key leader may not be abroad on any day another key leader of the agency is."""
    trip, findings = facts.trip, []
    for official in facts.members():
        if not official.is_key_leader:
            continue
        for clash in facts.key_leader_absences:
            if clash.agency_id != official.agency_id or not _overlaps(
                trip.departure_date, trip.return_date, clash.departure_date, clash.return_date
            ):
                continue
            findings.append(
                make(
                    "KEY_LEADERS_OVERLAP",
                    BLOCK,
                    _(
                        "%(name)s là lãnh đạo chủ chốt; lãnh đạo chủ chốt %(other)s của cùng cơ "
                        "quan đã được duyệt đi nước ngoài từ %(start)s đến %(end)s (%(title)s), "
                        "trùng thời gian với chuyến này."
                    )
                    % {
                        "name": official.honorific_name,
                        "other": clash.official_name,
                        "start": format_date(clash.departure_date),
                        "end": format_date(clash.return_date),
                        "title": clash.title,
                    },
                    [official.id, clash.official_id],
                )
            )
    return findings


def ENTERPRISE_SPONSORED(facts: Facts) -> list[Finding]:
    """L7: no delegation organised or paid for, wholly or partly, by an enterprise."""
    trip = facts.trip
    if trip.organiser_type == TripRequest.OrganiserType.ENTERPRISE:
        message = _("Chuyến đi do doanh nghiệp tổ chức: không được cử cán bộ tham gia.")
    elif trip.funded_by_enterprise:
        message = _("Chuyến đi do doanh nghiệp đài thọ kinh phí: không được cử cán bộ tham gia.")
    else:
        return []
    return [make("ENTERPRISE_SPONSORED", BLOCK, message)]


def NAMED_INVITATION_BY_FOREIGN_ENTERPRISE(facts: Facts) -> list[Finding]:
    """L7: no official invited by name by a foreign enterprise."""
    if not facts.trip.named_invitation_by_foreign_enterprise:
        return []
    return [
        make(
            "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE",
            BLOCK,
            _("Doanh nghiệp nước ngoài mời đích danh: không được cử cán bộ tham gia."),
            facts.trip.member_ids,
        )
    ]


def _review_message(official, reviews) -> str:
    # A review still open says more than one closed while the request waited.
    review = next((r for r in reviews if r.closed_on is None), reviews[0])
    values = {
        "name": official.honorific_name,
        "kind": review.get_kind_display(),
        "opened": format_date(review.opened_on),
    }
    if review.closed_on is None:
        return (
            _(
                "%(name)s đang trong thời gian xem xét kỷ luật (%(kind)s, từ %(opened)s): "
                "tuyệt đối không cử hoặc cho phép đi nước ngoài."
            )
            % values
        )
    return _(
        "%(name)s bị xem xét kỷ luật (%(kind)s, từ %(opened)s đến %(closed)s) trong thời gian "
        "từ khi trình hồ sơ đến ngày về: tuyệt đối không cử hoặc cho phép đi nước ngoài."
    ) % {**values, "closed": format_date(review.closed_on)}


def UNDER_DISCIPLINARY_REVIEW(facts: Facts) -> list[Finding]:
    """L10: absolutely no one under Party or administrative discipline review goes abroad.

    The facts hold the reviews open on any day from the submission date (today, before
    submission) to the return date, on approval too."""
    return [
        make(
            "UNDER_DISCIPLINARY_REVIEW",
            BLOCK,
            _review_message(official, facts.open_reviews[official.id]),
            [official.id],
        )
        for official in facts.members()
        if facts.open_reviews.get(official.id)
    ]


def LEAVE_CAP_EXCEEDED(facts: Facts) -> list[Finding]:
    """L8: working days abroad on private trips in a year stay within the annual leave."""
    trip, calendar, findings = facts.trip, facts.calendar, []
    for official in facts.members():
        for year in range(trip.departure_date.year, trip.return_date.year + 1):
            span = days_in_year(trip.departure_date, trip.return_date, year)
            used_here = calendar.working_days_between(*span)
            used_before = 0
            for other in facts.other_trips:
                other_span = days_in_year(other.departure_date, other.return_date, year)
                if (
                    other.official_id == official.id
                    and other.kind == Kind.PRIVATE
                    and other.is_counted
                    and other_span
                ):
                    used_before += calendar.working_days_between(*other_span)
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


def COMMITMENT_WITHOUT_MANDATE(facts: Facts) -> list[Finding]:
    """L3: no signing, twinning or proposed exchange without a decision of the province."""
    if not facts.trip.involves_commitment or facts.trip.mandate_reference.strip():
        return []
    return [
        make(
            "COMMITMENT_WITHOUT_MANDATE",
            BLOCK,
            _(
                "Chương trình có ký kết, kết nghĩa hoặc đề xuất giao lưu nhưng chưa nêu văn bản "
                "chủ trương của tỉnh cho phép. Hãy ghi số, ngày của văn bản đó."
            ),
        )
    ]


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


def _is_tet(facts: Facts, day: dt.date) -> bool:
    name = facts.calendar.holiday_name(day) or ""
    # The lunar new year days, as the pinned `holidays` release names them in Vietnamese.
    return "Tết Nguyên Đán" in name or name == "29 Tết"


def YEAR_EDGE(facts: Facts) -> list[Finding]:
    """L9: limit trips at the beginning and end of the year, and during Tết."""
    trip, edge = facts.trip, facts.config.year_edge_days
    reasons = set()
    day = trip.departure_date
    while day <= trip.return_date:
        year_end = dt.date(day.year, 12, 31)
        if day.timetuple().tm_yday <= edge:
            reasons.add(_("%(days)s ngày đầu năm") % {"days": edge})
        elif (year_end - day).days < edge:
            reasons.add(_("%(days)s ngày cuối năm") % {"days": edge})
        if _is_tet(facts, day):
            reasons.add(_("kỳ nghỉ Tết Nguyên Đán"))
        day += dt.timedelta(days=1)
    if not reasons:
        return []
    return [
        make(
            "YEAR_EDGE",
            WARN,
            _("Thời gian ở nước ngoài rơi vào %(when)s: hạn chế cử người đi vào thời điểm này.")
            % {"when": ", ".join(sorted(reasons))},
        )
    ]


def LARGE_DELEGATION(facts: Facts) -> list[Finding]:
    """L9: limit sending people abroad in large numbers (more than 5)."""
    size, limit = len(facts.trip.members), facts.config.large_delegation_size
    if size <= limit:
        return []
    return [
        make(
            "LARGE_DELEGATION",
            WARN,
            _("Đoàn có %(size)s người (trên %(limit)s người): hạn chế cử đoàn đông người.")
            % {"size": size, "limit": limit},
        )
    ]


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


def REPORT_OVERDUE(facts: Facts) -> list[Finding]:
    """L11: a member still owes an overdue post-trip report."""
    findings = []
    for official in facts.members():
        overdue = facts.overdue_reports.get(official.id)
        if overdue:
            findings.append(
                make(
                    "REPORT_OVERDUE",
                    WARN,
                    ngettext(
                        "%(name)s còn nợ %(count)s báo cáo kết quả chuyến đi quá hạn (%(titles)s).",
                        "%(name)s còn nợ %(count)s báo cáo kết quả chuyến đi quá hạn (%(titles)s).",
                        len(overdue),
                    )
                    % {
                        "name": official.honorific_name,
                        "count": len(overdue),
                        "titles": "; ".join(t.title for t in overdue),
                    },
                    [official.id],
                )
            )
    return findings


def TRIP_TOO_LONG(facts: Facts) -> list[Finding]:
    """Optional (Hà Nội): a trip lasts no more than 10 days."""
    days, limit = facts.trip.days, facts.config.max_trip_days
    if days <= limit:
        return []
    return [
        make(
            "TRIP_TOO_LONG",
            BLOCK,
            _("Chuyến đi kéo dài %(days)s ngày, vượt quá %(limit)s ngày.")
            % {"days": days, "limit": limit},
        )
    ]


def TOO_MANY_COUNTRIES(facts: Facts) -> list[Finding]:
    """Optional (Hà Nội): a trip visits no more than 3 countries."""
    count, limit = len(facts.trip.countries), facts.config.max_countries
    if count <= limit:
        return []
    return [
        make(
            "TOO_MANY_COUNTRIES",
            BLOCK,
            _("Chuyến đi qua %(count)s quốc gia, vượt quá %(limit)s quốc gia.")
            % {"count": count, "limit": limit},
        )
    ]


# (rule, the kinds of request it applies to), in the order a reviewer reads them.
BOTH = (Kind.BUSINESS, Kind.PRIVATE)
RULES = [
    (DELEGATION_TOO_LARGE, (Kind.BUSINESS,)),
    (TRIP_QUOTA_EXCEEDED, (Kind.BUSINESS,)),
    (KEY_LEADERS_TOGETHER, (Kind.BUSINESS,)),
    (KEY_LEADERS_OVERLAP, BOTH),
    (ENTERPRISE_SPONSORED, (Kind.BUSINESS,)),
    (NAMED_INVITATION_BY_FOREIGN_ENTERPRISE, (Kind.BUSINESS,)),
    (UNDER_DISCIPLINARY_REVIEW, BOTH),
    (LEAVE_CAP_EXCEEDED, (Kind.PRIVATE,)),
    (COMMITMENT_WITHOUT_MANDATE, (Kind.BUSINESS,)),
    (TRIP_TOO_LONG, BOTH),
    (TOO_MANY_COUNTRIES, BOTH),
    (TRIP_QUOTA_AT_RISK, (Kind.BUSINESS,)),
    (NOT_IN_ANNUAL_PLAN, (Kind.BUSINESS,)),
    (OVER_PLAN_BUDGET, (Kind.BUSINESS,)),
    (YEAR_EDGE, BOTH),
    (LARGE_DELEGATION, (Kind.BUSINESS,)),
    (PASSPORT_NOT_READY, BOTH),
    (REPORT_OVERDUE, (Kind.BUSINESS,)),
]
CODES = [rule.__name__ for rule, _kinds in RULES]


def evaluate(facts: Facts) -> list[Finding]:
    """Every enabled rule that applies to the kind of request, blocks first."""
    findings = []
    for rule, kinds in RULES:
        if facts.trip.kind in kinds and facts.config.is_enabled(rule.__name__):
            findings.extend(rule(facts))
    return sorted(findings, key=lambda f: f.severity != BLOCK)
