"""Which passport a trip needs, and when one is ready for it (POLICY.md, PASSPORT_NOT_READY
and its settled reading; Law 49/2019/QH14 Art. 7, 23, 25).

The one definition shared by the rules module (the warning), the custodians' hand-out (the
refusal) and the daily sweep's alert.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db.models import DateField, IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from passports.models import Handout, Passport

OFFICIAL_KINDS = frozenset({Passport.Kind.DIPLOMATIC, Passport.Kind.OFFICIAL})
# Never in the agency's custody for a trip, whatever their dates.
NEVER_READY = frozenset(
    {
        Passport.Status.LOST,
        Passport.Status.CANCELLED,
        Passport.Status.EXPIRED,
        Passport.Status.TO_INVALIDATE,
        Passport.Status.INVALIDATED,
    }
)


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


def is_held(passport, *, today: dt.date) -> bool:
    """Held: not lost, cancelled or expired (by its status, or by its date before the daily
    sweep has marked it)."""
    return passport.status not in NEVER_READY and passport.expires_on >= today


def required_kinds(*, is_business: bool, passports, today: dt.date | None = None) -> frozenset:
    """A business trip uses the diplomatic or official passport where one is held; a private
    trip (and a business trip of someone who holds none) the ordinary passport. An expired
    official passport is not held, so the ordinary one is looked at."""
    today = today or timezone.localdate()
    if is_business and any(p.kind in OFFICIAL_KINDS and is_held(p, today=today) for p in passports):
        return OFFICIAL_KINDS
    return frozenset({Passport.Kind.ORDINARY})


def valid_until(return_date: dt.date, months: int) -> dt.date:
    return add_months(return_date, months)


def fits(passport, *, kinds, until: dt.date) -> bool:
    return passport.kind in kinds and passport.expires_on >= until


def with_open_handout(passports: QuerySet) -> QuerySet:
    """Each passport with the trip it is handed out for (`out_for_trip_id`) and that trip's
    return date (`out_for_return_date`), None when it is not out: still one query."""
    open_handout = Handout.objects.filter(passport=OuterRef("pk"), returned_on__isnull=True)
    return passports.annotate(
        out_for_trip_id=Subquery(open_handout.values("trip_id")[:1], output_field=IntegerField()),
        out_for_return_date=Subquery(
            open_handout.values("trip__return_date")[:1], output_field=DateField()
        ),
    )


def in_custody_for(passport, *, trip_id, departure_date: dt.date, calendar, return_days: int):
    """In the agency's custody for a trip leaving on `departure_date`: in custody; or handed
    out for this very trip; or handed out for another trip whose hand-back deadline
    (`return_days` working days after that trip's return) falls before this departure.

    `passport` carries the annotations of `with_open_handout`; `calendar` is a
    core.calendar.WorkingCalendar covering the other trip's return."""
    if passport.status == Passport.Status.IN_CUSTODY:
        return True
    if passport.status != Passport.Status.HANDED_OUT:
        return False
    out_for = getattr(passport, "out_for_trip_id", None)
    if out_for is None:
        return False  # out, but nobody recorded for which trip: not known to come back
    if trip_id is not None and out_for == trip_id:
        return True
    returns = passport.out_for_return_date
    return calendar.nth_working_day_after(returns, return_days) < departure_date


def is_ready(passport, *, kinds, until, trip_id, departure_date, calendar, return_days) -> bool:
    """Of the right kind, valid until `until`, and in custody for the trip (see above)."""
    return (
        passport.status not in NEVER_READY
        and fits(passport, kinds=kinds, until=until)
        and in_custody_for(
            passport,
            trip_id=trip_id,
            departure_date=departure_date,
            calendar=calendar,
            return_days=return_days,
        )
    )


@dataclasses.dataclass(frozen=True)
class Readiness:
    ready: bool  # one of the passports is ready (is_ready)
    kinds: frozenset  # the kinds the trip needs (required_kinds)
    until: dt.date  # the day the passport must still be valid on (valid_until)


def readiness(
    passports,
    *,
    is_business: bool,
    trip_id,
    departure_date: dt.date,
    return_date: dt.date,
    config,
    calendar,
    today: dt.date | None = None,
) -> Readiness:
    """Whether one of a member's `passports` is ready for a trip: the one answer the rule
    PASSPORT_NOT_READY (passports/policy_facts.py) and the daily alert (alerts.py) share.
    `config` is the PolicyConfig in force (validity months, hand-back working days)."""
    kinds = required_kinds(is_business=is_business, passports=passports, today=today)
    until = valid_until(return_date, config.passport_validity_months)
    ready = any(
        is_ready(
            p,
            kinds=kinds,
            until=until,
            trip_id=trip_id,
            departure_date=departure_date,
            calendar=calendar,
            return_days=config.passport_return_working_days,
        )
        for p in passports
    )
    return Readiness(ready=ready, kinds=kinds, until=until)
