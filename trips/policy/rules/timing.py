"""When and how long: the year's edges and Tết (L9), the optional limits of length and of days
in one country."""

from __future__ import annotations

import datetime as dt

from core.countries import country_name
from core.i18n import remembered_join
from trips.policy.facts import Facts
from trips.policy.findings import Finding, make
from trips.policy.findings import remembering_gettext as _
from trips.policy.registry import rule
from trips.policy.rules.common import BLOCK, BOTH, WARN, Kind


def _is_tet(facts: Facts, day: dt.date) -> bool:
    name = facts.calendar.holiday_name(day) or ""
    # The lunar new year days, as the pinned `holidays` release names them in Vietnamese.
    return "Tết Nguyên Đán" in name or name == "29 Tết"


@rule(
    "TRIP_TOO_LONG",
    clause="L8",
    kinds=BOTH,
    severity=BLOCK,
    optional=True,
    settings={"max_trip_days": 10},
)
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


@rule(
    "DAYS_PER_COUNTRY",
    clause="L8",
    kinds=(Kind.BUSINESS,),
    severity=WARN,  # as declared by default: the setting days_per_country_severity decides
    optional=True,
    settings={"max_days_per_country": 3, "days_per_country_severity": WARN},
)
def DAYS_PER_COUNTRY(facts: Facts) -> list[Finding]:
    """Optional (Đà Nẵng): no more than 3 whole days in one country, by the days the request
    states per country (POLICY.md, additions of 2026-12-06); warn or block by setting."""
    limit, severity = facts.config.max_days_per_country, facts.config.days_per_country_severity
    over = [
        (code, days) for code, days in sorted(facts.trip.days_per_country.items()) if days > limit
    ]
    if not over:
        return []
    places = remembered_join(
        ", ",
        (
            _("%(country)s %(days)s ngày") % {"country": country_name(code), "days": days}
            for code, days in over
        ),
    )
    return [
        make(
            "DAYS_PER_COUNTRY",
            severity,
            _("Số ngày dự kiến ở một quốc gia vượt quá %(limit)s ngày: %(places)s.")
            % {"limit": limit, "places": places},
        )
    ]


@rule("YEAR_EDGE", clause="L9", kinds=BOTH, severity=WARN, settings={"year_edge_days": 15})
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
            % {"when": remembered_join(", ", sorted(reasons))},
        )
    ]
