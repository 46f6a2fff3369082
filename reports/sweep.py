"""The reports' step of the daily sweep (`portal.sweep` runs the steps): trips back are
completed and their report opened, then the reports' reminders are sent.

Safe to run twice, or twice at once: every notice is a row unique per (recipient, event),
with the event naming the report, the kind of reminder and the day.
"""

import datetime as dt
import itertools
import logging

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.calendar import WorkingCalendar, load_calendar
from core.formatting import format_date
from core.i18n import remembering_gettext as _  # notices read in the reader's language
from core.notifications import notify
from reports import reminders
from reports.models import PostTripReport
from reports.services import report_open
from trips.models import TripRequest
from trips.services import trip_complete

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
CALENDAR_YEARS_BACK = 15  # older due dates are counted day by day (slower, still right)


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


class _CountingCalendar(WorkingCalendar):
    """The calendar with the working days of a range counted once: a report's lateness is
    two lookups, not a walk from its due date (unfiled reports go back years)."""

    def __init__(self, calendar: WorkingCalendar, start: dt.date, end: dt.date):
        super().__init__(calendar.overrides, culture_day=calendar.culture_day_is_holiday)
        self.start, self.end = start, end
        days = ((start + dt.timedelta(days=i)) for i in range((end - start).days + 1))
        # counted[i]: working days from start to start + i, both counted.
        self.counted = list(itertools.accumulate(self.is_working_day(day) for day in days))

    def _up_to(self, day: dt.date) -> int:
        return self.counted[(day - self.start).days] if day >= self.start else 0

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return 0
        if start < self.start or end > self.end:
            return super().working_days_between(start, end)
        return self._up_to(end) - self._up_to(start - dt.timedelta(days=1))


def next_reminder_on(due_on: dt.date, after: dt.date, calendar: WorkingCalendar) -> dt.date:
    """The first day after `after` with a reminder for a report due on `due_on` (within a
    few weeks: overdue reminders repeat every 3 working days)."""
    day = after + dt.timedelta(days=1)
    while reminders.reminder_kind(due_on, day, calendar) is None:
        day += dt.timedelta(days=1)
    return day


def _remind(report, kind, today, calendar) -> int:
    message = _message(report, kind, today, calendar)
    with transaction.atomic():
        return len(
            notify(
                recipients=_recipients(report, kind),
                event_key=f"report-{report.pk}-{kind}-{today:%Y%m%d}",
                subject=message,
                body=message,
                url=reverse("reports:edit", args=[report.trip_id]),
            )
        )


def send_report_reminders(today: dt.date) -> int:
    """Reminders due today. Only the open reports whose next reminder day has come are read
    (the others wait, indexed, for their day), in batches; each is then given its next day.
    One report that fails is logged and tried again on the next run; the run goes on."""
    start = dt.date(today.year - CALENDAR_YEARS_BACK, 1, 1)
    end = today + dt.timedelta(days=60)
    calendar = _CountingCalendar(load_calendar(start, end), start, end)
    due = (
        PostTripReport.objects.filter(
            Q(next_reminder_on__lte=today) | Q(next_reminder_on__isnull=True),
            status__in=PostTripReport.OPEN_STATUSES,
        )
        .select_related("trip")
        .order_by("pk")
    )
    sent, last_pk = 0, 0
    while batch := list(due.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        last_pk = batch[-1].pk
        scheduled = []
        for report in batch:
            kind = reminders.reminder_kind(report.due_on, today, calendar)
            if kind is not None:
                try:
                    sent += _remind(report, kind, today, calendar)
                except Exception:
                    logger.exception("reminder of report %s failed; retried next run", report.pk)
                    continue
            report.next_reminder_on = next_reminder_on(report.due_on, today, calendar)
            scheduled.append(report)
        PostTripReport.objects.bulk_update(scheduled, ["next_reminder_on"])
    return sent


def sweep_reports(today: dt.date) -> dict[str, int]:
    """This app's step of the daily sweep: completion first, so that a trip back yesterday
    has its report opened before the reminders are counted."""
    return {"completed": complete_returned_trips(today), "reminders": send_report_reminders(today)}
