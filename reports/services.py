"""State changes of post-trip reports (L11): each one transaction with a history row."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.calendar import working_days_between
from reports.models import PostTripReport, ReportTransition
from reports.notifications import notify_report_submitted
from trips.exceptions import ReasonRequired, TripError
from trips.models import TripRequest

Status = PostTripReport.Status
REPORT_TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.ACCEPTED, Status.RETURNED},
    Status.ACCEPTED: set(),
}


class ReportTransitionNotAllowed(TripError):
    def __init__(self, report, target):
        self.status = report.status
        super().__init__(
            _("Không thể chuyển báo cáo từ “%(from)s” sang “%(to)s”.")
            % {"from": report.get_status_display(), "to": Status(target).label}
        )


class ReportTooEarly(ReportTransitionNotAllowed):
    """A report submitted before the delegation is back (POLICY.md: only after the return
    date). A conflict with the trip's state, answered like a wrong transition."""

    def __init__(self, report):
        self.status = report.status
        TripError.__init__(
            self,
            _("Đoàn chưa về nước (ngày về %(date)s): chỉ nộp báo cáo sau ngày về.")
            % {"date": report.trip.return_date.strftime("%d/%m/%Y")},
        )


def _record(report, *, from_status, actor, note=""):
    return ReportTransition.objects.create(
        report=report, from_status=from_status, to_status=report.status, actor=actor, note=note
    )


def _move(report, target):
    if target not in REPORT_TRANSITIONS[Status(report.status)]:
        raise ReportTransitionNotAllowed(report, target)
    from_status, report.status = report.status, target
    return from_status


def report_open(*, trip: TripRequest, actor=None) -> PostTripReport:
    """The report of an approved business trip, created once with its deadline."""
    if trip.kind != TripRequest.Kind.BUSINESS or trip.report_due_on is None:
        raise TripError(_("Chỉ đoàn công tác đã được duyệt mới phải báo cáo kết quả."))
    with transaction.atomic():
        report, created = PostTripReport.objects.get_or_create(
            trip=trip, defaults={"due_on": trip.report_due_on}
        )
        if created:
            _record(report, from_status="", actor=actor)
    return report


REPORT_FIELDS = ["summary", "outcomes", "agreements", "follow_up", "actual_cost_vnd"]


def _require_staff_of_report(actor, report):
    if not (actor.is_agency_staff and actor.agency_id == report.trip.agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan mới được soạn và nộp báo cáo."))


def report_save(*, report: PostTripReport, actor, fields: dict) -> PostTripReport:
    """Edit the text of a report being written (or returned for additions)."""
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().select_related("trip").get(pk=report.pk)
        _require_staff_of_report(actor, report)
        if report.status not in (Status.DRAFT, Status.RETURNED):
            raise ReportTransitionNotAllowed(report, Status.DRAFT)
        for name in REPORT_FIELDS:
            if name in fields:
                setattr(report, name, fields[name])
        report.full_clean(exclude=["trip"])
        report.save()
    return report


def report_submit(*, report: PostTripReport, actor, today=None) -> PostTripReport:
    """Draft or returned → submitted, only after the return date. A late report is accepted,
    marked late by how many working days."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().select_related("trip").get(pk=report.pk)
        _require_staff_of_report(actor, report)
        if not report.summary.strip():
            raise TripError(_("Báo cáo phải có phần tóm tắt kết quả."))
        if today <= report.trip.return_date:
            raise ReportTooEarly(report)
        from_status = _move(report, Status.SUBMITTED)
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        # Working days after the due date, up to and including the day it arrived.
        report.working_days_late = working_days_between(report.due_on + dt.timedelta(days=1), today)
        report.save()
        transition = _record(report, from_status=from_status, actor=actor)
        notify_report_submitted(report, transition)
    return report


def _review(report, actor, target, note):
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().get(pk=report.pk)
        if not actor.is_reviewer:
            raise PermissionDenied(_("Chỉ chuyên viên Sở Nội vụ mới được tiếp nhận báo cáo."))
        # Like a decision on the request: nobody judges the report of a trip they went on.
        if report.trip.members.filter(official__user_id=actor.pk).exists():
            raise PermissionDenied(
                _("Không được tiếp nhận hay trả lại báo cáo của chuyến đi mà mình là thành viên.")
            )
        from_status = _move(report, target)
        if target == Status.ACCEPTED:
            report.accepted_at = timezone.now()
        report.save()
        _record(report, from_status=from_status, actor=actor, note=note)
    return report


def report_accept(*, report: PostTripReport, actor, note: str = "") -> PostTripReport:
    return _review(report, actor, Status.ACCEPTED, note.strip())


def report_return(*, report: PostTripReport, actor, reason: str) -> PostTripReport:
    if not (reason or "").strip():
        raise ReasonRequired()
    return _review(report, actor, Status.RETURNED, reason.strip())
