"""Trips in a given state, built through the services (so history and findings are real).

A request is approved only before its departure: `approved_trip` approves a future trip
(tests then pass `today=` to the services that move time on); a trip whose departure has
passed is approved only as a past decided trip, recorded by an administrator (`past_trip`).
"""

import datetime as dt

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from approvals import services as approval_services
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
    return approval_services.trip_submit(trip=trip, actor=staff)


def approved_trip(staff, decider, n=2, **overrides):
    """Approved by `decider`, who is first given the position the chain's decision names
    (issue 23): tests of what follows an approval, not of who may approve (test_chain_*)."""
    from approvals.chain import active_step
    from authority.tests.factories import entitle

    trip = submitted_trip(staff, n, **overrides)
    step = active_step(trip)
    if step is not None:
        entitle(decider, step)
    return approval_services.trip_approve(trip=trip, actor=decider)


# Safely in the past whenever the suite runs: Monday 20 to Friday 24 April 2026, its report
# due Friday 8 May 2026 (POLICY.md's example: Hùng Kings' day and 30/4–1/5 in between).
PAST_DEPARTURE, PAST_RETURN = dt.date(2026, 4, 20), dt.date(2026, 4, 24)


def administrator():
    return UserFactory(roles=[Role.ADMINISTRATOR])


def past_trip(agency, n=2, *, status="completed", members=None, actor=None, **overrides):
    """A trip decided before the system was used, recorded after the fact (approved or
    completed), with `n` ready members of `agency` unless `members` are given."""
    people = members if members is not None else ready_officials(agency, n)
    fields = trip_fields(
        **{"departure_date": PAST_DEPARTURE, "return_date": PAST_RETURN, **overrides},
        agency=agency,
    )
    return services.trip_record_past(
        actor=actor or administrator(),
        fields=fields,
        members=[MemberData(p.id, i == 0) for i, p in enumerate(people)],
        decision_number="125/QĐ-UBND",
        decided_on=fields["departure_date"] - dt.timedelta(days=14),
        decided_by="Chủ tịch UBND tỉnh",
        status=status,
    )
