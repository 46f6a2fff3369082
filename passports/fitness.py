"""Which passport a trip needs (POLICY.md, PASSPORT_NOT_READY; Law 49/2019/QH14 Art. 7, 25).

Shared by the rules module (the warning) and the custodians' hand-out (the refusal).
"""

import datetime as dt

from passports.models import Passport

OFFICIAL_KINDS = frozenset({Passport.Kind.DIPLOMATIC, Passport.Kind.OFFICIAL})
UNUSABLE = frozenset({Passport.Status.LOST, Passport.Status.CANCELLED})


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day (31/8 + 6 months → 28/2 or 29/2)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def required_kinds(*, is_business: bool, passports) -> frozenset[str]:
    """A business trip uses the diplomatic or official passport where one is held; a private
    trip (and a business trip of someone without one) the ordinary passport."""
    usable = [p for p in passports if p.status not in UNUSABLE]
    if is_business and any(p.kind in OFFICIAL_KINDS for p in usable):
        return OFFICIAL_KINDS
    return frozenset({Passport.Kind.ORDINARY})


def valid_until(return_date: dt.date, months: int) -> dt.date:
    return add_months(return_date, months)


def fits(passport, *, kinds, until: dt.date) -> bool:
    return passport.kind in kinds and passport.expires_on >= until
