"""The transition table of a trip request: who may move it where (STYLE.md, "States").

Adding a step (e.g. an appraisal before the decision) is an edit here: a status in
`TripRequest.Status` and the actions that reach and leave it.
"""

import dataclasses

from django.utils.translation import gettext_lazy as _

from core.workflow import (
    AUTHOR,
    NOBODY,
    Action,
    Relation,
    TransitionTable,
    register,
    relation_of,
)
from trips.chain import chain_of, may_take, waiting_step, waits_at
from trips.exceptions import ReasonRequired, TransitionNotAllowed
from trips.models import TripRequest, TripTransition
from trips.models_chain import ChainStep

S = TripRequest.Status


@dataclasses.dataclass(frozen=True)
class TripRelation(Relation):
    """`chain`: the request waits at a stored chain's step (issue 13). `takes`: the chain's
    actions the user may take (its role, own or as a substitute; not involved in the
    request), whether or not it is their turn yet. `current`: the user may take the step the
    request waits at now."""

    chain: bool = False
    takes: frozenset = frozenset()
    current: bool = False


def trip_relation(user, trip):
    base = relation_of(
        user,
        agency_id=trip.agency_id,
        created_by_id=trip.created_by_id,
        is_member=lambda: trip.members.filter(official__user_id=user.pk).exists(),
    )
    chain, takes, current = False, frozenset(), False
    deciding = trip.status in (S.SUBMITTED, S.APPRAISED)
    if (
        deciding
        and getattr(user, "is_authenticated", False)
        and (user.is_reviewer or user.is_decider)
    ):
        step = waiting_step(trip)
        chain = step is not None
        if chain:
            takes = frozenset(s.action for s in chain_of(trip) if may_take(user, s))
            current = step.action in takes
    return TripRelation(**dataclasses.asdict(base), chain=chain, takes=takes, current=current)


def _takes(action):
    """May take the chain's `action` (a request waiting at another step is then refused as
    a conflict, 409, not as a permission); an impartial reviewer where no chain is stored."""

    def allowed(rel) -> bool:
        return action in rel.takes if getattr(rel, "chain", False) else rel.impartial_reviewer

    return allowed


def STEP_TAKER(rel) -> bool:
    """Return and reject: whoever may take the step the request waits at now."""
    return rel.current if getattr(rel, "chain", False) else rel.impartial_reviewer


A = ChainStep.Action
ANY_STEP = waits_at(A.APPRAISE, A.PARTY_OPINION, A.DECIDE, legacy=True)
APPRAISER = _takes(A.APPRAISE)
DECIDER = _takes(A.DECIDE)


def _notify(trip, row):
    from trips.notifications import notify_transition  # it imports the accounts app

    notify_transition(trip, row)


def _report_owed_and_not_started(trip):
    return (
        trip.kind == TripRequest.Kind.BUSINESS
        and trip.report_due_on is not None
        and not hasattr(trip, "report")
    )


TRIP_WORKFLOW = register(
    TripRequest,
    TransitionTable(
        statuses=S,
        history=TripTransition,
        relation=trip_relation,
        notify=_notify,
        not_allowed=TransitionNotAllowed,
        reason_required=ReasonRequired,
        url_name="trips:action",
        actions=[
            Action("submit", _("Trình Sở Nội vụ"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, AUTHOR,
                   style="danger"),
            # The approval chain (issue 13, trips.chain): each step is taken by its role's
            # holder or their substitute; the conditions say which step the request waits at.
            Action("appraise", _("Thẩm định: đồng ý"), {S.SUBMITTED}, S.APPRAISED, APPRAISER,
                   when=waits_at(A.APPRAISE), text="note", text_label=_("Ý kiến thẩm định"),
                   text_id="id_appraise_note", url_name="trips:appraise-approve",
                   style="success"),
            Action("appraise_reject", _("Thẩm định: không đồng ý"), {S.SUBMITTED}, S.APPRAISED,
                   APPRAISER, when=waits_at(A.APPRAISE), needs_reason=True, text="note",
                   text_label=_("Lý do không đồng ý (bắt buộc)"),
                   text_id="id_appraise_reject_note", url_name="trips:appraise-reject",
                   style="outline-danger"),
            Action("party_opinion", _("Ghi nhận ý kiến của Ban Thường vụ Tỉnh ủy"), {S.APPRAISED},
                   S.APPRAISED, _takes(A.PARTY_OPINION), when=waits_at(A.PARTY_OPINION),
                   url_name="trips:party-opinion", style="primary"),
            Action("approve", _("Phê duyệt"), {S.SUBMITTED, S.APPRAISED}, S.APPROVED, DECIDER,
                   when=waits_at(A.DECIDE, legacy=True), confirm=True, text="note",
                   text_label=_("Ý kiến"), text_id="id_note", style="success", signs=True),
            Action("return", _("Trả lại để chỉnh sửa"), {S.SUBMITTED, S.APPRAISED}, S.RETURNED,
                   STEP_TAKER, when=ANY_STEP, needs_reason=True,
                   text_label=_("Lý do trả lại (bắt buộc)"), style="warning"),
            Action("reject", _("Không phê duyệt"), {S.SUBMITTED, S.APPRAISED}, S.REJECTED,
                   STEP_TAKER, when=ANY_STEP, confirm=True, needs_reason=True,
                   text_label=_("Lý do không phê duyệt (bắt buộc)"), style="outline-danger"),
            Action("withdraw", _("Rút hồ sơ"), {S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPRAISED},
                   S.WITHDRAWN,
                   AUTHOR, confirm=True, needs_reason=True,
                   text_label=_("Lý do rút hồ sơ (bắt buộc)")),
            Action("cancel", _("Hủy chuyến đi"), {S.APPROVED}, S.CANCELLED, AUTHOR, confirm=True,
                   needs_reason=True, text_label=_("Lý do hủy chuyến đi (bắt buộc)"),
                   style="outline-danger"),
            Action("complete", _("Đã về nước"), {S.APPROVED}, S.COMPLETED, NOBODY),
            # Not a move of the request: its post-trip report is started by its own view.
            Action("start_report", _("Bắt đầu soạn báo cáo kết quả"), {S.APPROVED, S.COMPLETED},
                   None, AUTHOR, when=_report_owed_and_not_started, url_name="reports:start",
                   style="primary"),
        ],
    ),
)  # fmt: skip

# {status: {statuses reachable from it}}, derived from the table.
TRIP_TRANSITIONS = TRIP_WORKFLOW.moves()
