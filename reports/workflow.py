"""The transition table of a post-trip report (L11): written and submitted by the agency,
accepted or returned by the Department's reviewers, never by one who went on the trip."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from approvals.workflow import trip_relation
from core.workflow import AUTHOR, REVIEWER, Action, TransitionTable, register
from reports.exceptions import ReasonRequired, ReportTransitionNotAllowed
from reports.models import PostTripReport, ReportTransition

S = PostTripReport.Status
SERVICES = "reports.services"


def report_relation(user, report):
    """Who the user is to the report: who they are to its trip."""
    return trip_relation(user, report.trip)


REPORT_WORKFLOW = register(
    PostTripReport,
    TransitionTable(
        statuses=S,
        history=ReportTransition,
        relation=report_relation,
        not_allowed=ReportTransitionNotAllowed,
        reason_required=ReasonRequired,
        url_name="reports:action",
        url_args=lambda report: [report.trip_id],
        subject="report",
        detail_url=lambda report: reverse("reports:edit", args=[report.trip_id]),
        actions=[
            # Submitted from the edit form, with the text being saved.
            Action("submit", _("Nộp báo cáo"), {S.DRAFT, S.RETURNED}, S.SUBMITTED, AUTHOR,
                   listed=False),
            Action("accept", _("Tiếp nhận báo cáo"), {S.SUBMITTED}, S.ACCEPTED, REVIEWER,
                   confirm=True, text="note", text_label=_("Ý kiến"), style="success",
                   service=f"{SERVICES}.report_accept", done=_("Đã tiếp nhận báo cáo.")),
            Action("return", _("Trả lại để bổ sung"), {S.SUBMITTED}, S.RETURNED, REVIEWER,
                   needs_reason=True, text_label=_("Lý do trả lại (bắt buộc)"),
                   text_id="report-return-reason", style="warning",
                   service=f"{SERVICES}.report_return", done=_("Đã trả lại báo cáo để bổ sung.")),
        ],
    ),
)  # fmt: skip
