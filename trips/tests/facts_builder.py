"""Build the rules' facts in memory, so that each rule is tested without the database."""

import datetime as dt
import itertools

from agencies.models import DisciplinaryReview, Official
from core.calendar import WorkingCalendar
from passports.models import Passport
from trips.policy.config import PolicyConfig
from trips.policy.facts import Facts, MemberData, OtherTrip, PlanFacts, TripData

_ids = itertools.count(1000)
TODAY = dt.date(2027, 3, 1)


def official(*, agency_id=1, key_leader=False, name=None, gender="male", **kwargs):
    oid = kwargs.pop("id", next(_ids))
    return Official(
        id=oid,
        agency_id=agency_id,
        full_name=name or f"Nguyễn Văn {oid}",
        gender=gender,
        is_key_leader=key_leader,
        leave_base_days=kwargs.pop("leave_base_days", 12),
        service_start_date=kwargs.pop("service_start_date", dt.date(2024, 1, 1)),
        **kwargs,
    )


def trip(members, *, kind="business", start=dt.date(2027, 6, 7), end=dt.date(2027, 6, 11), **kw):
    return TripData(
        kind=kind,
        agency_id=kw.pop("agency_id", 1),
        departure_date=start,
        return_date=end,
        members=[MemberData(o.id, i == 0) for i, o in enumerate(members)],
        countries=kw.pop("countries", ["JP"]),
        **kw,
    )


def other(official_, *, kind="business", status="approved", start, end, trip_id=None, cost=0):
    return OtherTrip(
        trip_id=trip_id or next(_ids),
        official_id=official_.id,
        kind=kind,
        status=status,
        title=f"Chuyến {start:%d/%m/%Y}",
        departure_date=start,
        return_date=end,
        estimated_cost_vnd=cost,
        agency_id=official_.agency_id,
        official_name=official_.full_name,
    )


def passport(official_, *, kind="ordinary", expires, status="in_custody", out_for=None):
    """`out_for`: (trip id, that trip's return date) of the open hand-out, as the facts
    step annotates it."""
    item = Passport(
        official_id=official_.id,
        kind=kind,
        number=f"P{next(_ids)}",
        issued_on=dt.date(2020, 1, 1),
        expires_on=expires,
        status=status,
    )
    item.out_for_trip_id, item.out_for_return_date = out_for or (None, None)
    return item


def review(official_, *, opened=dt.date(2027, 1, 1), closed=None, kind="party"):
    return DisciplinaryReview(
        official_id=official_.id, kind=kind, opened_on=opened, closed_on=closed
    )


def facts(
    data,
    officials,
    *,
    other_trips=(),
    key_leader_absences=(),
    reviews=(),
    passports=None,
    overdue=(),
    plan=None,
    overrides=None,
    config=None,
    today=TODAY,
    agency_absences=None,
):
    by_official = lambda items: {  # noqa: E731
        o.id: [i for i in items if i.official_id == o.id]
        for o in officials
        if any(i.official_id == o.id for i in items)
    }
    if passports is None:  # everybody ready unless a test says otherwise
        passports = [passport(o, expires=dt.date(2035, 1, 1)) for o in officials]
    return Facts(
        trip=data,
        config=config or PolicyConfig(),
        today=today,
        officials={o.id: o for o in officials},
        other_trips=list(other_trips),
        key_leader_absences=list(key_leader_absences),
        open_reviews=by_official(reviews),
        passports=by_official(passports),
        overdue_reports=by_official(overdue),
        plan=plan if plan is not None else PlanFacts(line=None),
        calendar=WorkingCalendar(overrides or {}, culture_day=False),
        agency_absences=agency_absences or {},
    )
