"""State changes of post-trip reports (L11): each one transaction with a history row."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import working_days_between
from core.errors import NotAllowed
from core.workflow import record_created, require_may, transition
from reports.exceptions import (
    ReasonRequired,
    ReportError,
    ReportTooEarly,
    ReportTransitionNotAllowed,
)
from reports.models import PostTripReport
from reports.notifications import notify_report_submitted
from trips.models import TripRequest

Status = PostTripReport.Status

__all__ = ["ReportError", "ReportTooEarly", "ReportTransitionNotAllowed"]


def report_open(*, trip: TripRequest, actor=None) -> PostTripReport:
    """The report of an approved business trip, created once with its deadline."""
    if trip.kind != TripRequest.Kind.BUSINESS or trip.report_due_on is None:
        raise ReportError(_("Chỉ đoàn công tác đã được duyệt mới phải báo cáo kết quả."))
    with transaction.atomic():
        report, created = PostTripReport.objects.get_or_create(
            trip=trip, defaults={"due_on": trip.report_due_on}
        )
        if created:
            record_created(report, actor)
    return report


REPORT_FIELDS = ["summary", "outcomes", "agreements", "follow_up", "actual_cost_vnd"]
# The parts a report cannot be submitted without, whichever way it arrives (page or API);
# a draft may be saved with them empty.
REQUIRED_PARTS = ("summary", "outcomes")


def missing_parts(report: PostTripReport) -> dict[str, str]:
    """{field: message} for each required part left blank."""
    return {
        name: _("Phải ghi phần “%(part)s” trước khi nộp báo cáo.")
        % {"part": PostTripReport._meta.get_field(name).verbose_name}
        for name in REQUIRED_PARTS
        if not (getattr(report, name) or "").strip()
    }


# Who may is the report's transition table (core.workflow.require_may); its message:
STAFF_ONLY = gettext_lazy("Chỉ cán bộ của cơ quan mới được soạn và nộp báo cáo.")


def report_save(*, report: PostTripReport, actor, fields: dict) -> PostTripReport:
    """Edit the text of a report being written (or returned for additions)."""
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().select_related("trip").get(pk=report.pk)
        require_may(actor, report, "submit", STAFF_ONLY)  # who submits it writes it
        if report.status not in (Status.DRAFT, Status.RETURNED):
            raise ReportTransitionNotAllowed(report, Status.DRAFT)
        for name in REPORT_FIELDS:
            if name in fields:
                setattr(report, name, fields[name])
        report.full_clean(exclude=["trip"])
        report.save()
    return report


def report_submit(*, report: PostTripReport, actor, today=None) -> PostTripReport:
    """Draft or returned → submitted, only after the return date and with every required part
    written (REQUIRED_PARTS; 400 naming the fields otherwise). A late report is accepted,
    marked late by how many working days."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().select_related("trip").get(pk=report.pk)
        require_may(actor, report, "submit", STAFF_ONLY)
        missing = missing_parts(report)
        if missing:
            raise ValidationError(missing)
        if today <= report.trip.return_date:
            raise ReportTooEarly(report)
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        # Working days after the due date, up to and including the day it arrived.
        report.working_days_late = working_days_between(report.due_on + dt.timedelta(days=1), today)
        row = transition(report, "submit", actor)
        notify_report_submitted(report, row)
    return report


def _review(report, actor, action, note):
    with transaction.atomic():
        report = PostTripReport.objects.select_for_update().get(pk=report.pk)
        if not actor.is_reviewer:
            raise NotAllowed(_("Chỉ chuyên viên Sở Nội vụ mới được tiếp nhận báo cáo."))
        # The table's predicate, as the page's buttons: like a decision on the request, nobody
        # judges the report of a trip they created or went on.
        require_may(
            actor,
            report,
            action,
            _(
                "Không được tiếp nhận hay trả lại báo cáo của chuyến đi do mình lập hoặc mình là "
                "thành viên."
            ),
        )
        if action == "accept":
            report.accepted_at = timezone.now()
        transition(report, action, actor, note=note)
    return report


def report_accept(*, report: PostTripReport, actor, note: str = "") -> PostTripReport:
    return _review(report, actor, "accept", note.strip())


def report_return(*, report: PostTripReport, actor, reason: str) -> PostTripReport:
    if not (reason or "").strip():
        raise ReasonRequired()
    return _review(report, actor, "return", reason.strip())
