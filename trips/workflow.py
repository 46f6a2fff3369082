"""The transition table of a trip request: who may move it where (STYLE.md, "States").

Adding a step (e.g. an appraisal before the decision) is an edit here: a status in
`TripRequest.Status` and the actions that reach and leave it.
"""

from django.utils.translation import gettext_lazy as _

from core.workflow import AUTHOR, NOBODY, REVIEWER, Action, TransitionTable, register, relation_of
from trips.exceptions import ReasonRequired, TransitionNotAllowed
from trips.models import TripRequest, TripTransition

S = TripRequest.Status


def trip_relation(user, trip):
    return relation_of(
        user,
        agency_id=trip.agency_id,
        created_by_id=trip.created_by_id,
        is_member=lambda: trip.members.filter(official__user_id=user.pk).exists(),
    )


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
            Action("approve", _("Phê duyệt"), {S.SUBMITTED}, S.APPROVED, REVIEWER, confirm=True,
                   text="note", text_label=_("Ý kiến"), text_id="id_note", style="success"),
            Action("return", _("Trả lại để chỉnh sửa"), {S.SUBMITTED}, S.RETURNED, REVIEWER,
                   needs_reason=True, text_label=_("Lý do trả lại (bắt buộc)"), style="warning"),
            Action("reject", _("Không phê duyệt"), {S.SUBMITTED}, S.REJECTED, REVIEWER,
                   confirm=True, needs_reason=True,
                   text_label=_("Lý do không phê duyệt (bắt buộc)"), style="outline-danger"),
            Action("withdraw", _("Rút hồ sơ"), {S.DRAFT, S.RETURNED, S.SUBMITTED}, S.WITHDRAWN,
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
