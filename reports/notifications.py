"""Who hears that a post-trip report was submitted: the reviewers, who accept or return it."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.i18n import remembering_gettext
from core.notifications import notify


def notify_report_submitted(report, transition) -> list:
    """An in-app notice to every active reviewer (same transaction), emails after commit.

    Keyed on the history row: a report returned and submitted again notifies again, a retried
    call for the same submission never twice."""
    trip = report.trip
    reviewers = User.objects.filter(groups__name=Role.REVIEWER, is_active=True)
    body = _("%(agency)s nộp báo cáo ngày %(day)s; hạn nộp %(due)s.") % {
        "agency": trip.agency,
        "day": date_format(timezone.localtime(report.submitted_at), "SHORT_DATE_FORMAT"),
        "due": date_format(report.due_on, "SHORT_DATE_FORMAT"),
    }
    if report.working_days_late:
        body += " " + _("Trễ %(days)s ngày làm việc.") % {"days": report.working_days_late}
    return notify(
        recipients=reviewers.exclude(pk=transition.actor_id),
        event_key=f"report-transition-{transition.pk}",
        subject=remembering_gettext("Báo cáo kết quả chờ tiếp nhận: %(title)s")
        % {"title": trip.title},
        body=body,
        url=reverse("reports:edit", args=[trip.pk]),
    )
