"""Trips in a given state, built through the services (so history and findings are real)."""

import datetime as dt

from agencies.tests.factories import OfficialFactory
from passports.tests.factories import PassportFactory
from trips import services
from trips.policy.facts import MemberData

JUSTIFIED = "Nhiệm vụ đột xuất theo chỉ đạo của UBND tỉnh."


def trip_fields(**overrides):
    return {
        "kind": "business",
        "title": "Đoàn xúc tiến đầu tư tại Nhật Bản",
        "purpose": "Xúc tiến đầu tư",
        "countries": ["JP"],
        "departure_date": dt.date(2027, 6, 7),
        "return_date": dt.date(2027, 6, 11),
        "inviter": "Tỉnh Kanagawa",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
        **overrides,
    }


def ready_officials(agency, n=1, **kwargs):
    people = OfficialFactory.create_batch(n, agency=agency, **kwargs)
    for person in people:
        PassportFactory(official=person, kind="official")
    return people


def draft_trip(staff, n=2, **overrides):
    people = ready_officials(staff.agency, n)
    members = [MemberData(p.id, i == 0) for i, p in enumerate(people)]
    return services.trip_save_draft(actor=staff, fields=trip_fields(**overrides), members=members)


def submitted_trip(staff, n=2, **overrides):
    trip = draft_trip(staff, n, **overrides)
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    return services.trip_submit(trip=trip, actor=staff)


def approved_trip(staff, reviewer, n=2, **overrides):
    return services.trip_approve(trip=submitted_trip(staff, n, **overrides), actor=reviewer)
