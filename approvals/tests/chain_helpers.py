"""Requests at each level of the approval chain, built through the services."""

import datetime as dt

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.models import Official
from approvals import services
from trips.tests.helpers import JUSTIFIED, draft_trip


def decider_user(**kwargs):
    """The Chairman: head of the People's Committee (issue 23: the position decides)."""
    from authority.tests.factories import chairman

    return chairman(UserFactory(roles=[Role.DECIDER], **kwargs))


def agency_head_of(agency):
    """The agency's head (its body's head position), made if the agency has none."""
    from authority.models import Position
    from authority.tests.factories import agency_head

    held = Position.objects.held_on(dt.date.today()).filter(body__agency=agency, kind="head")
    position = held.select_related("holder").first()
    if position is not None:
        return position.holder
    head = UserFactory(username=f"head-{agency.code}", agency=agency, roles=[Role.AGENCY_HEAD])
    return agency_head(head, agency)


def submitted_at_level(staff, level, n=1, *, proposed=True, **overrides):
    """Submitted at `level`; where its chain begins with the agency head's signature of the
    proposal (issue 23), signed (`proposed`), so that it waits for the appraisal."""
    trip = draft_trip(staff, n, **overrides)
    Official.objects.filter(pk__in=trip.members.values("official_id")[:1]).update(
        management_level=level
    )
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    trip = services.trip_submit(trip=trip, actor=staff)
    if proposed and trip.chain_steps.filter(action="propose", status="active").exists():
        trip = services.trip_propose(trip=trip, actor=agency_head_of(trip.agency))
    return trip
