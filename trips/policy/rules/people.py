"""Who the members are: key leaders (L6), discipline (L10), overdue reports (L11)."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import ngettext

from core.formatting import format_date
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BLOCK, BOTH, WARN, Kind


def _names(officials) -> str:
    return ", ".join(o.honorific_name for o in officials)


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start <= b_end and b_start <= a_end


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


@rule("KEY_LEADERS_TOGETHER", clause="L6", kinds=(Kind.BUSINESS,), severity=BLOCK)
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


@rule("KEY_LEADERS_OVERLAP", clause="L6", kinds=BOTH, severity=BLOCK)
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


@rule("UNDER_DISCIPLINARY_REVIEW", clause="L10", kinds=BOTH, severity=BLOCK)
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


@rule("REPORT_OVERDUE", clause="L11", kinds=(Kind.BUSINESS,), severity=WARN)
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
