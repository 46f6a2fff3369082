"""The moves of a submitted or approved request: submit, the reviewer's decisions, the
agency's withdrawal and cancellation, and the return home. Each is one transaction that
locks the request, checks the move against approvals.workflow, saves, and writes the history
row through `core.workflow.transition` (which notifies)."""

from __future__ import annotations

import functools

from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, Official
from approvals.chain import (
    ANY_STEP,
    Action,
    chain_close,
    chain_gate,
    chain_open,
    record_step,
)
from approvals.models import ChainStep
from core import signals
from core.calendar import nth_working_day_after
from core.errors import NotAllowed
from core.rawsql import as_prefetched, columns, fetch, instances, placeholders
from core.workflow import may, relation_for, require_may, require_move, transition
from core.workflow.move import one_move
from trips import policy
from trips.exceptions import JustificationMissing, PolicyBlocked
from trips.locked import LockedTrips
from trips.models import TripMember, TripRequest
from trips.policy.store import config_at_submission
from trips.services.common import (
    STAFF_ONLY,
    Status,
    _keep_justifications,
    _locked,
    _require_before_departure,
    _require_reason,
    _store_findings,
    findings_of,
    locked_rows,
    require_complete,
    snapshot,
)


def read_members(trips) -> None:
    """The members of `trips` with their officials and agencies, one hand-written statement
    for all (the ORM's select_related read cost a move 1.3-1.6 ms of CPU, this statement
    0.2), kept as `trip.members.all()` in TripMember's order: the head first, then as they
    were added. Held equal to the ORM's read in approvals/tests/test_read_chain.py."""
    if not trips:
        return
    rows = fetch(_members_sql(len(trips)), [trip.pk for trip in trips])
    member_end = len(TripMember._meta.concrete_fields)
    official_end = member_end + len(Official._meta.concrete_fields)
    members = instances(TripMember, rows)
    officials = instances(Official, rows, start=member_end)
    agencies = instances(Agency, rows, start=official_end)
    by_trip = {trip.pk: [] for trip in trips}
    for member, official, agency in zip(members, officials, agencies, strict=True):
        official.agency = agency
        member.official = official
        by_trip[member.trip_id].append(member)
    for trip in trips:
        kept = sorted(by_trip[trip.pk], key=lambda m: (not m.is_head, m.pk))
        for member in kept:
            member.trip = trip
        as_prefetched(trip, "members", kept)


@functools.cache
def _members_sql(count: int) -> str:
    return (
        f"SELECT {columns(TripMember, 'm')}, {columns(Official, 'o')}, {columns(Agency, 'a')} "
        f"FROM {TripMember._meta.db_table} m "
        f"JOIN {Official._meta.db_table} o ON o.id = m.official_id "
        f"JOIN {Agency._meta.db_table} a ON a.id = o.agency_id "
        f"WHERE m.trip_id IN ({placeholders(range(count))})"
    )


class _WithMembers(LockedTrips):
    """Trips that, once read locked, come with their members (`read_members`)."""

    def _fetch_all(self):
        reading = self._result_cache is None
        super()._fetch_all()
        if reading:
            read_members([t for t in self._result_cache if isinstance(t, TripRequest)])


def locked_with_members(trip) -> TripRequest:
    """The request's row locked, then its members with their officials read once: whether the
    actor travels on it, whether they still serve, the rules' delegation, the chain's level
    and the parties of the document the move issues (kept through the move: a move never
    changes the members)."""
    trip = _locked(trip)
    if trip.members_read() is None:  # not yet read with the locked row (an API action has)
        read_members([trip])
    return trip


def read_for_move(rows):
    """`rows` (trips) read as a move reads its request: locked, with the members and their
    officials. For a caller that opens the move (core.workflow.move) and checks who may on
    that row: the service then uses it as it is."""
    rows = locked_rows(rows)._chain()
    rows.__class__ = _WithMembers  # every clone of it (get(), filter()) is one too
    return rows


def trip_submit(*, trip: TripRequest, actor) -> TripRequest:
    """Draft or returned → submitted. Refused on any `block` finding, and on any `warn`
    finding without a justification (POLICY.md)."""
    with one_move():
        trip = locked_with_members(trip)  # today's policy applies
        require_may(actor, trip, "submit", STAFF_ONLY)
        require_move(trip, "submit")
        require_complete(trip)
        config = policy.PolicyConfig.from_settings()
        findings = findings_of(trip, config=config)
        if any(f.is_block for f in findings):
            raise PolicyBlocked(findings)
        _keep_justifications(trip, findings)
        missing = [
            f.code for f in findings if not f.is_block and not trip.justifications.get(f.code)
        ]
        if missing:
            raise JustificationMissing(findings, missing)
        trip.submitted_at = timezone.now()
        _store_findings(trip, findings)
        # The chain of this submission: the competent authority for the members' levels now.
        chain_open(trip=trip, now=trip.submitted_at)
        transition(
            trip,
            "submit",
            actor,
            snapshot=snapshot(trip, config),
            update_fields=["submitted_at", "findings", "finding_codes", "justifications"],
        )
    return trip


def take_step(trip, actor, name, steps):
    """Who may take the table's action `name` on the step the request waits at (issue 13),
    worked out once per request (core.workflow.relation_for: the view's, unless the request
    moved meanwhile) and checked on the locked row: the step (None for a
    request submitted before chains were stored, decided by an impartial reviewer) and the
    substitution the actor acts under. Refuses one the table's predicate refuses (403: no
    chain role, not their step, a request they created or travel on, even as a
    substitute), and a request waiting at another step (409, e.g. approving before the
    Party opinion)."""
    relation = relation_for(actor, trip)  # the view's, unless the request moved meanwhile
    if not may(actor, trip, name, relation=relation):
        raise NotAllowed(
            _("Không được xử lý hồ sơ do mình lập hoặc mình là thành viên.")
            if relation.involved
            else _("Bước này không thuộc thẩm quyền của bạn.")
        )
    step = chain_gate(trip, steps)
    return step, relation.substitution if step is not None else None


def rules_again(trip):
    """Before the departure date, under the approval's row locks, with no `block` finding
    (POLICY.md: facts change while a request waits). Returns the policy in force."""
    _require_before_departure(trip)
    config = config_at_submission(trip)  # not a threshold changed while it waited
    # The members and every key leader of a key-leader member's agency are locked as the
    # rules read them, so that concurrent approvals touching the same quota or the same
    # agency's leaders queue up instead of both passing the check (POLICY.md L5, L6).
    findings = findings_of(trip, config=config, lock=True)
    if any(f.is_block for f in findings):
        raise PolicyBlocked(findings)
    _keep_justifications(trip, findings)
    _store_findings(trip, findings)
    return config


def acting_for(substitution):
    return substitution.principal if substitution else None


def trip_approve(
    *, trip: TripRequest, actor, note: str = "", signing_pin: str | None = None
) -> TripRequest:
    """Submitted (one-step chain) or appraised → approved, before the departure date, by
    whoever may take the chain's decision step. The rules run again inside this transaction,
    after the members' rows are locked: facts change while a request waits. `signing_pin`
    unlocks the decider's own signing key for the decision (held for this call only)."""
    with one_move(signing_pin):
        trip = locked_with_members(trip)
        step, substitution = take_step(trip, actor, "approve", {Action.DECIDE})
        require_move(trip, "approve")
        config = rules_again(trip)
        trip.decided_at = timezone.now()
        if trip.kind == TripRequest.Kind.BUSINESS:
            trip.report_due_on = nth_working_day_after(
                trip.return_date, config.report_due_working_days
            )
        if step is not None:
            record_step(
                step=step,
                actor=actor,
                substitution=substitution,
                status=ChainStep.Status.APPROVED,
                note=note,
            )
        transition(
            trip,
            "approve",
            actor,
            note=note,
            acting_for=acting_for(substitution),
            snapshot=snapshot(trip, config),
            update_fields=[
                "decided_at", "report_due_on", "findings", "finding_codes", "justifications"
            ],
        )  # fmt: skip
    return trip


STEP_OUTCOME = {"reject": ChainStep.Status.REJECTED, "return": ChainStep.Status.RETURNED}


def _decide_against(trip, actor, reason, action) -> TripRequest:
    with one_move():
        trip = _locked(trip)
        step, substitution = take_step(trip, actor, action, ANY_STEP)
        require_move(trip, action)
        reason = _require_reason(reason)
        config = config_at_submission(trip)
        trip.decided_at = timezone.now()
        if step is not None:
            record_step(
                step=step,
                actor=actor,
                substitution=substitution,
                status=STEP_OUTCOME[action],
                note=reason,
            )
            chain_close(trip=trip)
        transition(
            trip,
            action,
            actor,
            note=reason,
            acting_for=acting_for(substitution),
            snapshot=snapshot(trip, config),
            update_fields=["decided_at"],
        )
    return trip


def trip_reject(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Submitted → rejected, with the reviewer's reason on record."""
    return _decide_against(trip, actor, reason, "reject")


def trip_return(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Submitted → returned for changes; the staff edit it and submit it again."""
    return _decide_against(trip, actor, reason, "return")


def trip_withdraw(*, trip: TripRequest, actor, reason: str = "") -> TripRequest:
    """Draft, returned or submitted → withdrawn, by the agency, before any decision, with a
    reason (issue 15: an empty one is refused)."""
    with one_move():
        trip = _locked(trip)
        require_may(actor, trip, "withdraw", STAFF_ONLY)
        require_move(trip, "withdraw")
        transition(trip, "withdraw", actor, note=_require_reason(reason), update_fields=[])
        chain_close(trip=trip)
    return trip


def trip_cancel(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Approved → cancelled, by the agency, with a reason. The trip no longer counts."""
    with one_move():
        trip = _locked(trip)
        require_may(actor, trip, "cancel", STAFF_ONLY)
        require_move(trip, "cancel")
        reason = _require_reason(reason)
        trip.report_due_on = None
        transition(trip, "cancel", actor, note=reason, update_fields=["report_due_on"])
    return trip


def trip_complete(*, trip: TripRequest, actor=None, today=None) -> TripRequest | None:
    """Approved → completed once the return date has passed (the daily sweep, or staff).
    Returns None when there is nothing to do, so that running it twice is harmless."""
    today = today or timezone.localdate()
    with one_move():
        trip = _locked(trip)
        if trip.status != Status.APPROVED or trip.return_date >= today:
            return None
        transition(trip, "complete", actor, note=_("Đoàn đã về nước."), update_fields=[])
        # In this transaction: the report it owes is opened with it, or neither (reports).
        signals.trip_completed.send(sender=TripRequest, trip=trip, actor=actor)
    return trip
