"""The approval chain's moves (issue 13): the appraisal, the Party committee's opinion, and
the decision at the last step, each by whoever may take the step the request waits at (a
substitute acting for its principal included).

Each is one transaction with the same locks as approval: the request row, then the members'
and their agencies' key leaders' rows; the rules run again at every step, and a `block`
stops the chain. The step row records who, when, as whom and what; the history row
(`core.workflow.transition`) records `acting_for`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.chain import Action, chain_close, record_step
from approvals.duties import require_opinion_date
from approvals.models import ChainStep
from approvals.services.decisions import (
    acting_for,
    locked_with_members,
    rules_again,
    take_step,
)
from core.workflow import require_move, transition
from core.workflow.move import one_move
from trips.models import TripRequest
from trips.services.common import (
    _locked,
    snapshot,
)

OPINIONS = {"approve": ChainStep.Status.APPROVED, "reject": ChainStep.Status.REJECTED}


def trip_propose(
    *, trip: TripRequest, actor, note: str = "", signing_pin: str | None = None
) -> TripRequest:
    """The agency's head (or a deputy, KT.) signs the agency's proposal (Tờ trình): the step
    is taken and the proposal issued (documents.observers), signed with their own key and the
    PIN they typed, as the decision is; the request stays submitted, now for the appraisal."""
    with one_move(signing_pin):
        trip = locked_with_members(trip)
        step, substitution = take_step(trip, actor, "propose", {Action.PROPOSE})
        require_move(trip, "propose")
        config = rules_again(trip)
        record_step(
            step=step,
            actor=actor,
            substitution=substitution,
            status=ChainStep.Status.APPROVED,
            note=note,
            advance=True,
        )
        transition(
            trip,
            "propose",
            actor,
            note=note.strip() or _("Đã ký Tờ trình."),
            acting_for=acting_for(substitution),
            snapshot=snapshot(trip, config),
            update_fields=["findings", "finding_codes", "justifications"],
        )
    return trip


def trip_appraise(*, trip: TripRequest, actor, opinion: str, note: str = "") -> TripRequest:
    """Submitted → appraised: the Department's appraisal (thẩm định). A negative opinion goes
    on to the decider, who sees it and decides."""
    if opinion not in OPINIONS:
        raise ValidationError({"opinion": _("Ý kiến thẩm định phải là “approve” hoặc “reject”.")})
    if opinion == "reject" and not (note or "").strip():
        raise ValidationError({"note": _("Phải ghi lý do khi thẩm định không đồng ý.")})
    with one_move():
        trip = locked_with_members(trip)
        step, substitution = take_step(trip, actor, "appraise", {Action.APPRAISE})
        require_move(trip, "appraise")  # also refuses a request without a stored chain
        config = rules_again(trip)
        record_step(
            step=step,
            actor=actor,
            substitution=substitution,
            status=OPINIONS[opinion],
            note=note,
            advance=True,
        )
        label = _("Thẩm định: đồng ý") if opinion == "approve" else _("Thẩm định: không đồng ý")
        transition(
            trip,
            "appraise",
            actor,
            note=f"{label}. {note.strip()}" if note.strip() else label,
            acting_for=acting_for(substitution),
            snapshot=snapshot(trip, config),
            update_fields=["findings", "finding_codes", "justifications"],
        )
    return trip


def trip_party_opinion(
    *,
    trip: TripRequest,
    actor,
    agreed: bool,
    reference: str,
    dated: dt.date,
    note: str = "",
) -> TripRequest:
    """Records the Standing Committee's written opinion (the committee is not a user). Not
    agreed: the request ends as rejected, the opinion as its reason."""
    errors = {}
    if not (reference or "").strip():
        errors["reference"] = _("Phải ghi số văn bản.")
    if dated is None:
        errors["dated"] = _("Phải ghi ngày văn bản.")
    if errors:
        raise ValidationError(errors)
    with one_move():
        trip = _locked(trip)
        step, substitution = take_step(trip, actor, "party_opinion", {Action.PARTY_OPINION})
        require_opinion_date(trip, dated)
        require_move(trip, "party_opinion")
        record_step(
            step=step,
            actor=actor,
            substitution=substitution,
            status=ChainStep.Status.APPROVED if agreed else ChainStep.Status.REJECTED,
            note=note,
            reference=reference.strip(),
            dated=dated,
            agreed=agreed,
            advance=agreed,
        )
        opinion = _(
            "Ý kiến của Ban Thường vụ Tỉnh ủy (văn bản số %(ref)s ngày %(dated)s): %(what)s"
        ) % {
            "ref": reference.strip(),
            "dated": dated.strftime("%d/%m/%Y"),
            "what": _("đồng ý") if agreed else _("không đồng ý"),
        }
        if note.strip():
            opinion = f"{opinion}. {note.strip()}"
        if agreed:
            transition(trip, "party_opinion", actor, note=opinion,
                       acting_for=acting_for(substitution), update_fields=[])  # fmt: skip
        else:
            chain_close(trip=trip)
            trip.decided_at = timezone.now()
            transition(trip, TripRequest.Status.REJECTED, actor, note=opinion,
                       acting_for=acting_for(substitution), update_fields=["decided_at"])  # fmt: skip
    return trip
