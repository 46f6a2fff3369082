"""The transition table of a trip request: who may move it where (STYLE.md, "States").

Adding a step (e.g. an appraisal before the decision) is an edit here: a status in
`TripRequest.Status` and the actions that reach and leave it.
"""

import dataclasses
import functools

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.chain import (
    ANY_STEP,
    NOT_ALLOWED,
    chain_of,
    step_permission,
    waiting_step,
    waits_at,
)
from approvals.models import ChainStep
from core.workflow import (
    AUTHOR,
    NOBODY,
    Action,
    Relation,
    TransitionTable,
    register,
    relation_of,
)
from trips.exceptions import ReasonRequired, TransitionNotAllowed
from trips.models import TripRequest, TripTransition

S = TripRequest.Status
SERVICES = "approvals.services"
DECIDING = TripRequest.DECIDING_STATUSES


class Takes:
    """The chain's actions `user` may take, each worked out when first asked: a service or a
    page asks for the step the request waits at (a few queries a step), not for every step."""

    def __init__(self, user, steps, is_member):
        self.user, self.steps, self.is_member, self.permissions = user, steps, is_member, {}

    def permission(self, step):
        if step.pk not in self.permissions:
            self.permissions[step.pk] = step_permission(self.user, step, is_member=self.is_member)
        return self.permissions[step.pk]

    def __contains__(self, action) -> bool:
        return any(self.permission(s) is not NOT_ALLOWED for s in self.steps if s.action == action)

    def __iter__(self):
        return iter(sorted({s.action for s in self.steps if s.action in self}))


@dataclasses.dataclass(frozen=True)
class TripRelation(Relation):
    """`chain`: the request waits at a stored chain's step (issue 13). `takes`: the chain's
    actions the user may take (its role, own or as a substitute; not involved in the
    request), whether or not it is their turn yet. `current`: the user may take the step the
    request waits at now, under `substitution` (None: in their own right). Worked out once
    per request: the services take the step with it (approvals.services.decisions.take_step)."""

    chain: bool = False
    takes: frozenset | Takes = frozenset()
    current: bool = False
    substitution: object = None
    # The requesting agency's head (issue 23): outside a waiting chain, one who could decide
    # its requests, so a move the status forbids is a conflict (409) for them too, not a 403.
    own_head: bool = False


def trip_relation(user, trip):
    # Asked once for the relation and each step's permission; read again for a new relation.
    is_member = functools.cache(lambda: trip.travels_with(user))
    base = relation_of(
        user,
        agency_id=trip.agency_id,
        created_by_id=trip.created_by_id,
        is_member=is_member,
    )
    chain, takes, current, substitution = False, frozenset(), False, None
    head = bool(getattr(user, "is_agency_head", False)) and user.agency_id == trip.agency_id
    if trip.status in DECIDING and (base.reviewer or base.decider or head):
        step = waiting_step(trip)
        chain = step is not None
        if chain:
            takes = Takes(user, chain_of(trip), is_member)
            permission = takes.permission(step)
            current = permission is not NOT_ALLOWED
            substitution = permission if current else None
    return TripRelation(
        **{f.name: getattr(base, f.name) for f in dataclasses.fields(base)},
        chain=chain,
        takes=takes,
        current=current,
        substitution=substitution,
        own_head=head and not base.creator,
    )


def _takes(action):
    """May take the chain's `action` (a request waiting at another step is then refused as
    a conflict, 409, not as a permission); an impartial reviewer where no chain is stored."""

    def allowed(rel) -> bool:
        if getattr(rel, "chain", False):
            return action in rel.takes
        return rel.impartial_reviewer or getattr(rel, "own_head", False)

    return allowed


def STEP_TAKER(rel) -> bool:
    """Return and reject: whoever may take the step the request waits at now."""
    if getattr(rel, "chain", False):
        return rel.current
    return rel.impartial_reviewer or getattr(rel, "own_head", False)


A = ChainStep.Action
AT_ANY_STEP = waits_at(*ANY_STEP, legacy=True)
APPRAISER = _takes(A.APPRAISE)
DECIDER = _takes(A.DECIDE)


def _notify(trip, row):
    from approvals.notifications import notify_transition  # it imports the accounts app

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
        # A relation is reused in a request while the request waits at the same step.
        state=lambda trip: (trip.status, getattr(waiting_step(trip), "pk", None)),
        # approvals.chain writes the steps and their copies; no move changes the members.
        kept_on_move=("chain_steps", "members"),
        subject="trip",
        detail_url=lambda trip: reverse("trips:detail", args=[trip.pk]),
        actions=[
            Action("submit", _("Trình Sở Nội vụ"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, AUTHOR,
                   style="danger", service=f"{SERVICES}.trip_submit", done=_("Đã trình hồ sơ.")),
            # The approval chain (issue 13, approvals.chain): each step is taken by its role's
            # holder or their substitute; the conditions say which step the request waits at.
            # The agency's head signs the proposal first (issue 23), with the signing PIN.
            Action("propose", _("Ký Tờ trình"), {S.SUBMITTED}, S.SUBMITTED, _takes(A.PROPOSE),
                   when=waits_at(A.PROPOSE), confirm=True, text="note",
                   text_label=_("Ý kiến"), text_id="id_propose_note", style="success",
                   signs=True, service=f"{SERVICES}.trip_propose", done=_("Đã ký Tờ trình.")),
            Action("appraise", _("Thẩm định: đồng ý"), {S.SUBMITTED}, S.APPRAISED, APPRAISER,
                   when=waits_at(A.APPRAISE), confirm=True, text="note",
                   text_label=_("Ý kiến thẩm định"), text_id="id_appraise_note",
                   url_name="approvals:appraise-approve", style="success",
                   service=f"{SERVICES}.trip_appraise", params=(("opinion", "approve"),),
                   done=_("Đã ghi ý kiến thẩm định.")),
            Action("appraise_reject", _("Thẩm định: không đồng ý"), {S.SUBMITTED}, S.APPRAISED,
                   APPRAISER, when=waits_at(A.APPRAISE), confirm=True, needs_reason=True,
                   text="note",
                   text_label=_("Lý do không đồng ý (bắt buộc)"),
                   text_id="id_appraise_reject_note", url_name="approvals:appraise-reject",
                   style="outline-danger", service=f"{SERVICES}.trip_appraise",
                   params=(("opinion", "reject"),), done=_("Đã ghi ý kiến thẩm định.")),
            Action("party_opinion", _("Ghi nhận ý kiến của Ban Thường vụ Tỉnh ủy"), {S.APPRAISED},
                   S.APPRAISED, _takes(A.PARTY_OPINION), when=waits_at(A.PARTY_OPINION),
                   url_name="approvals:party-opinion", style="primary",
                   service=f"{SERVICES}.trip_party_opinion", form="approvals.chain_forms.PartyOpinionForm",
                   done=_("Đã ghi nhận ý kiến của Ban Thường vụ Tỉnh ủy.")),
            Action("approve", _("Phê duyệt"), {S.SUBMITTED, S.APPRAISED}, S.APPROVED, DECIDER,
                   when=waits_at(A.DECIDE, legacy=True), confirm=True, text="note",
                   text_label=_("Ý kiến"), text_id="id_note", style="success", signs=True,
                   service=f"{SERVICES}.trip_approve", done=_("Đã phê duyệt hồ sơ.")),
            Action("return", _("Trả lại để chỉnh sửa"), {S.SUBMITTED, S.APPRAISED}, S.RETURNED,
                   STEP_TAKER, when=AT_ANY_STEP, needs_reason=True,
                   text_label=_("Lý do trả lại (bắt buộc)"), style="warning",
                   service=f"{SERVICES}.trip_return", done=_("Đã trả lại hồ sơ để chỉnh sửa.")),
            Action("reject", _("Không phê duyệt"), {S.SUBMITTED, S.APPRAISED}, S.REJECTED,
                   STEP_TAKER, when=AT_ANY_STEP, confirm=True, needs_reason=True,
                   text_label=_("Lý do không phê duyệt (bắt buộc)"), style="outline-danger",
                   service=f"{SERVICES}.trip_reject", done=_("Đã từ chối hồ sơ.")),
            Action("withdraw", _("Rút hồ sơ"), {S.DRAFT, S.RETURNED, S.SUBMITTED, S.APPRAISED},
                   S.WITHDRAWN,
                   AUTHOR, confirm=True, needs_reason=True,
                   text_label=_("Lý do rút hồ sơ (bắt buộc)"),
                   service=f"{SERVICES}.trip_withdraw", done=_("Đã rút hồ sơ.")),
            Action("cancel", _("Hủy chuyến đi"), {S.APPROVED}, S.CANCELLED, AUTHOR, confirm=True,
                   needs_reason=True, text_label=_("Lý do hủy chuyến đi (bắt buộc)"),
                   style="outline-danger", service=f"{SERVICES}.trip_cancel",
                   done=_("Đã hủy chuyến đi.")),
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
