"""Who goes and on whose invitation: the delegation's size and countries, enterprises, commitments (L3, L4, L7, L9)."""

from __future__ import annotations

from trips.models import TripRequest
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BLOCK, BOTH, WARN, Kind


@rule(
    "DELEGATION_TOO_LARGE",
    clause="L4",
    kinds=(Kind.BUSINESS,),
    severity=BLOCK,
    settings={"max_delegation_size": 10},
)
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


@rule("ENTERPRISE_SPONSORED", clause="L7", kinds=(Kind.BUSINESS,), severity=BLOCK)
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


@rule(
    "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE",
    clause="L7",
    kinds=(Kind.BUSINESS,),
    severity=BLOCK,
)
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


@rule("COMMITMENT_WITHOUT_MANDATE", clause="L3", kinds=(Kind.BUSINESS,), severity=BLOCK)
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


@rule(
    "TOO_MANY_COUNTRIES",
    clause="L4",
    kinds=BOTH,
    severity=BLOCK,
    optional=True,
    settings={"max_countries": 3},
)
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


@rule(
    "LARGE_DELEGATION",
    clause="L9",
    kinds=(Kind.BUSINESS,),
    severity=WARN,
    settings={"large_delegation_size": 5},
)
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
