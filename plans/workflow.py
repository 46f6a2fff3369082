"""The transition table of an annual plan (L2): drafted and submitted by the agency,
decided by the Department; an approved plan is revised by a new draft, and superseded when
that revision is approved."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.workflow import AUTHOR, NOBODY, REVIEWER, Action, TransitionTable, register, relation_of
from plans.exceptions import PlanTransitionNotAllowed, ReasonRequired
from plans.models import AnnualPlan, PlanTransition

S = AnnualPlan.Status
SERVICES = "plans.services"


def plan_relation(user, plan):
    return relation_of(user, agency_id=plan.agency_id, created_by_id=plan.created_by_id)


PLAN_WORKFLOW = register(
    AnnualPlan,
    TransitionTable(
        statuses=S,
        history=PlanTransition,
        relation=plan_relation,
        not_allowed=PlanTransitionNotAllowed,
        reason_required=ReasonRequired,
        url_name="plans:action",
        subject="plan",
        detail_url=lambda plan: reverse("plans:detail", args=[plan.pk]),
        actions=[
            # Submitted from the edit form, with the lines being saved.
            Action("submit", _("Trình Sở Nội vụ"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, AUTHOR,
                   listed=False, service=f"{SERVICES}.plan_submit", done=_("Đã trình kế hoạch.")),
            Action("approve", _("Phê duyệt"), {S.SUBMITTED}, S.APPROVED, REVIEWER, confirm=True,
                   text="note", text_label=_("Ý kiến"), text_id="plan-note", style="success",
                   service=f"{SERVICES}.plan_approve", done=_("Đã phê duyệt kế hoạch.")),
            Action("return", _("Trả lại để chỉnh sửa"), {S.SUBMITTED}, S.RETURNED, REVIEWER,
                   needs_reason=True, text_label=_("Lý do trả lại (bắt buộc)"),
                   text_id="plan-return", style="warning", service=f"{SERVICES}.plan_return",
                   done=_("Đã trả lại kế hoạch để chỉnh sửa.")),
            Action("reject", _("Không phê duyệt"), {S.SUBMITTED}, S.REJECTED, REVIEWER,
                   confirm=True, needs_reason=True,
                   text_label=_("Lý do không phê duyệt (bắt buộc)"), text_id="plan-reject",
                   style="outline-danger", service=f"{SERVICES}.plan_reject",
                   done=_("Đã không phê duyệt kế hoạch.")),
            Action("supersede", _("Đã được thay thế"), {S.APPROVED}, S.SUPERSEDED, NOBODY),
            # Not a move of this plan: a new draft revision of it.
            Action("revise", _("Lập bản điều chỉnh"), {S.APPROVED}, None, AUTHOR,
                   style="outline-danger", service=f"{SERVICES}.plan_revise",
                   done=_("Đã lập bản điều chỉnh kế hoạch."), done_url="plans:edit"),
        ],
    ),
)  # fmt: skip
