"""The daily sweep (07:30, Celery beat; `manage.py send_reminders` without a broker):
trips back, report reminders, passports expired and their alerts, lost emails resent.

Safe to run twice, or twice at once: every notice is a row unique per (recipient, event),
with the event naming the report, the kind of reminder and the day.
"""

import dataclasses
import datetime as dt
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from core.calendar import load_calendar
from core.formatting import format_date
from core.notifications import notify, queue_email
from core.tasks import unsent_notification_ids
from passports import alerts as passport_alerts
from passports import services as passport_services
from reports import reminders
from reports.models import PostTripReport
from reports.services import report_open
from trips.models import TripRequest
from trips.services import trip_complete

logger = logging.getLogger(__name__)
OPEN = [PostTripReport.Status.DRAFT, PostTripReport.Status.RETURNED]


@dataclasses.dataclass
class SweepResult:
    completed: int = 0
    reminders: int = 0
    passports_expired: int = 0
    passport_alerts: int = 0
    resent: int = 0


def complete_returned_trips(today: dt.date) -> int:
    """Approved trips whose return date has passed become completed; business trips get
    their report opened with its deadline."""
    count = 0
    for trip in TripRequest.objects.filter(
        status=TripRequest.Status.APPROVED, return_date__lt=today
    ):
        with transaction.atomic():
            done = trip_complete(trip=trip, today=today)
            if done is not None and done.kind == TripRequest.Kind.BUSINESS:
                report_open(trip=done)
        count += done is not None
    return count


def _recipients(report, kind):
    trip = report.trip
    users = User.objects.filter(is_active=True).filter(
        pk__in=list(trip.members.filter(is_head=True).values_list("official__user", flat=True))
        + list(
            User.objects.filter(
                agency_id=trip.agency_id, groups__name=Role.AGENCY_STAFF
            ).values_list("pk", flat=True)
        )
    )
    if kind == reminders.OVERDUE:
        # From the first overdue day: the agency's key leaders and the reviewers too.
        users = (
            users
            | User.objects.filter(
                is_active=True, official__agency_id=trip.agency_id, official__is_key_leader=True
            )
            | User.objects.filter(is_active=True, groups__name=Role.REVIEWER)
        )
    return users.distinct()


def _message(report, kind, today, calendar):
    values = {"title": report.trip.title, "due": format_date(report.due_on)}
    if kind == reminders.DUE_SOON:
        return _("Sắp đến hạn nộp báo cáo kết quả chuyến đi “%(title)s” (hạn %(due)s).") % values
    if kind == reminders.DUE_TODAY:
        return _("Hôm nay là hạn nộp báo cáo kết quả chuyến đi “%(title)s” (%(due)s).") % values
    values["days"] = reminders.working_days_late(report.due_on, today, calendar)
    return (
        _("Báo cáo kết quả chuyến đi “%(title)s” đã quá hạn %(days)s ngày làm việc (hạn %(due)s).")
        % values
    )


def send_report_reminders(today: dt.date) -> int:
    open_reports = PostTripReport.objects.filter(
        status__in=OPEN, due_on__lte=today + dt.timedelta(days=14)
    ).select_related("trip")
    calendar = load_calendar(today - dt.timedelta(days=400), today + dt.timedelta(days=30))
    sent = 0
    for report in open_reports:
        kind = reminders.reminder_kind(report.due_on, today, calendar)
        if kind is None:
            continue
        message = _message(report, kind, today, calendar)
        with transaction.atomic():
            sent += len(
                notify(
                    recipients=_recipients(report, kind),
                    event_key=f"report-{report.pk}-{kind}-{today:%Y%m%d}",
                    subject=message,
                    body=message,
                    url=reverse("reports:edit", args=[report.trip_id]),
                )
            )
    return sent


def requeue_unsent_emails() -> int:
    """Emails whose task was lost, or whose worker died between claim and send."""
    # A broker that is down fails each one (logged), and the run goes on to the next.
    return sum(queue_email(pk) for pk in unsent_notification_ids())


def daily_sweep(today: dt.date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    result = SweepResult(
        completed=complete_returned_trips(today),
        reminders=send_report_reminders(today),
        passports_expired=passport_services.mark_expired(today),
        passport_alerts=(
            passport_alerts.overdue_handbacks(today)
            + passport_alerts.expiring_passports(today)
            + passport_alerts.passports_not_ready(today)
        ),
        resent=requeue_unsent_emails(),
    )
    logger.info("daily sweep %s: %s", today, result)
    return result
