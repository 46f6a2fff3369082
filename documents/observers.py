"""The documents each workflow move issues, registered on the workflows (documents/apps.py).

Documents sit above trips, reports and passports: those apps move their objects through
`core.workflow.transition`, and these observers register the paper inside the same transaction
(number and content), so a missing signing key undoes the approval and a rolled-back move gives
its number back; the file itself is made after the commit (documents/tasks.py).
"""

from __future__ import annotations

from django.utils import timezone

from approvals.chain import chain_of
from approvals.models import ChainStep
from documents import services


def _vietnamese_day(day) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _chain_bases(steps) -> list[str]:
    """The appraisal and the Party committee's opinion as legal bases of the decision."""
    bases = []
    for step in steps:
        if step.action == ChainStep.Action.APPRAISE and step.status == ChainStep.Status.APPROVED:
            # The day in Vietnam: an appraisal at 02:29 on 07/12 is of the 7th, not UTC's 6th.
            when = _vietnamese_day(timezone.localdate(step.at)) if step.at else ""
            bases.append(f"Căn cứ ý kiến thẩm định của Sở Nội vụ {when}".strip() + ".")
        if step.action == ChainStep.Action.PARTY_OPINION and step.party_reference:
            dated = f" {_vietnamese_day(step.party_dated)}" if step.party_dated else ""
            bases.append(
                f"Căn cứ ý kiến của Ban Thường vụ Tỉnh ủy tại văn bản số "
                f"{step.party_reference}{dated}."
            )
    return bases


def _propose_step(trip):
    """The chain's "propose" step (issue 23), from the chain the move kept (no read)."""
    return next((s for s in chain_of(trip) if s.action == ChainStep.Action.PROPOSE), None)


def on_trip_moved(trip, row) -> None:
    if row.to_status == "submitted" and row.action == "submit":
        # The submitted chain begins with the agency head's step: they issue the proposal,
        # not the submission (issue 23). An authority without the step: as before.
        step = _propose_step(trip)
        if step is None or step.status != ChainStep.Status.ACTIVE:
            services.issue_proposal(trip, row.actor)
    elif row.action == "propose":
        # Signed by the head (or a deputy, KT.) with their own key, then sealed by the agency.
        step = _propose_step(trip)
        own = step.body if step.body and step.body.agency_id == trip.agency_id else None
        services.issue_proposal(
            trip, row.actor, signed=True, substitution=step.substitution, body=own
        )
    elif row.to_status == "approved" and row.action == "approve":
        # A past decided trip (recorded after the fact) is created approved: it has its own
        # decision, issued outside the system, and moves without the "approve" action.
        steps = chain_of(trip)
        decision = steps[-1] if steps else None
        # The capacity (KT., Q., TUQ.) follows from the decider's position in the issuing
        # body and the substitution they acted under (authority.signing_capacity).
        services.issue_decision(
            trip,
            row.actor,
            acting_for=row.acting_for,
            substitution=decision.substitution if decision is not None else None,
            basis=_chain_bases(steps),
        )


def on_report_moved(report, row) -> None:
    if row.to_status == "submitted":
        services.issue_report(report, row.actor)


def on_custody_moved(passport, event) -> None:
    if event.action in ("handed_out", "returned"):
        services.issue_handover(event, event.actor)


def on_loss_recorded(loss, actor) -> None:
    services.issue_loss_notice(loss, actor)
