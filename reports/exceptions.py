"""What the report services refuse."""

from django.utils.translation import gettext as _

from core import errors


class ReportError(errors.ServiceError):
    """The base of what the report services refuse."""


class ReasonRequired(ReportError, errors.ReasonRequired):
    pass


class ReportTransitionNotAllowed(ReportError, errors.TransitionNotAllowed):
    def __init__(self, report, target):
        errors.TransitionNotAllowed.__init__(
            self,
            report,
            target,
            _("Không thể chuyển báo cáo từ “%(from)s” sang “%(to)s”.")
            % {"from": report.get_status_display(), "to": errors.status_label(report, target)},
        )


class ReportTooEarly(ReportTransitionNotAllowed):
    """A report submitted before the delegation is back (POLICY.md: only after the return
    date). A conflict with the trip's state, answered like a wrong transition."""

    def __init__(self, report):
        errors.TransitionNotAllowed.__init__(
            self,
            report,
            report.status,
            _("Đoàn chưa về nước (ngày về %(date)s): chỉ nộp báo cáo sau ngày về.")
            % {"date": report.trip.return_date.strftime("%d/%m/%Y")},
        )
