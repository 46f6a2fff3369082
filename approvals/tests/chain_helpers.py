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


def submitted_at_level(staff, level, n=1, *, proposed=True, sign_proposal=False, **overrides):
    """Submitted at `level`; where its chain begins with the agency head's signature of the
    proposal (issue 23), taken (`proposed`), so that it waits for the appraisal.

    `sign_proposal`: the head takes the step through the real service, which renders the
    Tờ trình and signs it (a WeasyPrint render and a personal PAdES signature): for the tests
    that look at the proposal or at the step's own checks. Otherwise the step is recorded as
    done, as a data fixture would (`proposal_step_recorded`): most tests only need the request
    waiting for the appraisal, and the render was a large part of the suite's time."""
    trip = draft_trip(staff, n, **overrides)
    Official.objects.filter(pk__in=trip.members.values("official_id")[:1]).update(
        management_level=level
    )
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    trip = services.trip_submit(trip=trip, actor=staff)
    if proposed and trip.chain_steps.filter(action="propose", status="active").exists():
        head = agency_head_of(trip.agency)
        if sign_proposal:
            trip = services.trip_propose(trip=trip, actor=head)
        else:
            trip = proposal_step_recorded(trip, head)
    return trip


def proposal_step_recorded(trip, head):
    """The head's "propose" step as done, written the way a data fixture would: the step
    approved by `head`, the chain moved on to the appraisal and the history row, with no
    proposal issued (no render, no signature, no e-mail). Only services.trip_propose is the
    real path; tests of the step itself or of its Tờ trình use `sign_proposal=True`."""
    from approvals.chain import chain_advance, record_step
    from approvals.models import ChainStep
    from trips.models import TripRequest, TripTransition
    from trips.policy.store import config_at_submission
    from trips.services.common import snapshot

    step = trip.chain_steps.get(action=ChainStep.Action.PROPOSE, status=ChainStep.Status.ACTIVE)
    record_step(step=step, actor=head, substitution=None, status=ChainStep.Status.APPROVED)
    chain_advance(step=step)
    TripTransition.objects.create(
        trip=trip,
        from_status=trip.status,
        to_status=trip.status,
        action="propose",
        actor=head,
        note="Đã ký Tờ trình.",
        **snapshot(trip, config_at_submission(trip)),
    )
    return TripRequest.objects.get(pk=trip.pk)  # fresh: the step it waits at has changed
