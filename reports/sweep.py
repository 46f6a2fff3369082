"""The reports' step of the daily sweep (`portal.sweep` lists the steps): the reminders of
the open reports (a trip back is completed, and its report opened, by the step before it,
`approvals.sweep`).

Safe to run twice, or twice at once: every notice is a row unique per (recipient, event),
with the event naming the report, the kind of reminder and the day.
"""

import datetime as dt
import itertools
import logging

from django.db import transaction
from django.db.models import Case, DateField, F, Q, Value, When
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.calendar import WorkingCalendar, load_calendar
from core.formatting import format_date
from core.i18n import remembering_gettext as _  # notices read in the reader's language
from core.notifications import notify, notify_many
from reports import reminders
from reports.models import PostTripReport
from trips.models import TripMember

logger = logging.getLogger(__name__)
BATCH_SIZE = 500
CALENDAR_YEARS_BACK = 15  # older due dates are counted day by day (slower, still right)


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
    values = {"title": report.trip_title, "due": format_date(report.due_on)}
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
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        # Each day looked up once (a first sweep asks hundreds of thousands of times).
        self.working = {day: WorkingCalendar.is_working_day(self, day) for day in days}
        # counted[i]: working days from start to start + i, both counted.
        self.counted = list(itertools.accumulate(self.working[day] for day in days))

    def is_working_day(self, day: dt.date) -> bool:
        known = self.working.get(day)
        return super().is_working_day(day) if known is None else known

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
    # Nothing comes before the "due soon" day, DAYS_BEFORE working days before the due date:
    # a report due next year is not walked to day by day.
    earliest = due_on
    for _step in range(reminders.DAYS_BEFORE):
        earliest -= dt.timedelta(days=1)
        while not calendar.is_working_day(earliest):
            earliest -= dt.timedelta(days=1)
    day = max(after + dt.timedelta(days=1), earliest)
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


def _recipient_ids(batch, kinds, reviewers) -> dict[int, set[int]]:
    """Who gets each report's reminder (the same people as _recipients), for a whole batch
    in three queries: the heads of delegation, the agencies' staff, the key leaders of the
    agencies with an overdue report (the reviewers are read once per run)."""
    trip_ids = {report.trip_id for report in batch}
    agencies = {report.agency_id for report in batch}
    heads, staff, leaders = {}, {}, {}
    for trip_id, user_id in TripMember.objects.filter(
        trip_id__in=trip_ids, is_head=True, official__user__is_active=True
    ).values_list("trip_id", "official__user_id"):
        heads.setdefault(trip_id, set()).add(user_id)
    for agency_id, user_id in (
        User.objects.filter(is_active=True, agency_id__in=agencies, groups__name=Role.AGENCY_STAFF)
        .values_list("agency_id", "pk")
        .distinct()
    ):
        staff.setdefault(agency_id, set()).add(user_id)
    late = {r.agency_id for r in batch if kinds.get(r.pk) == reminders.OVERDUE}
    if late:
        for agency_id, user_id in User.objects.filter(
            is_active=True, official__agency_id__in=late, official__is_key_leader=True
        ).values_list("official__agency_id", "pk"):
            leaders.setdefault(agency_id, set()).add(user_id)
    found = {}
    for report in batch:
        agency_id = report.agency_id
        people = heads.get(report.trip_id, set()) | staff.get(agency_id, set())
        if kinds[report.pk] == reminders.OVERDUE:
            people = people | leaders.get(agency_id, set()) | reviewers
        found[report.pk] = people
    return found


def _remind_batch(batch, kinds, today, calendar, reviewers) -> int:
    """The reminders of a batch of reports in one transaction (core.notifications.notify_many)."""
    people = _recipient_ids(batch, kinds, reviewers)
    notices = []
    for report in batch:
        message = _message(report, kinds[report.pk], today, calendar)
        event_key = f"report-{report.pk}-{kinds[report.pk]}-{today:%Y%m%d}"
        url = reverse("reports:edit", args=[report.trip_id])
        notices.append((people[report.pk], event_key, message, message, url))
    with transaction.atomic():
        return notify_many(notices)


def _remind_each(batch, kinds, today, calendar) -> tuple[int, set[int]]:
    """The slow way, report by report, when a batch failed: a report that fails alone is
    logged and tried again on the next run (its next reminder day is left as it was)."""
    sent, failed = 0, set()
    for report in batch:
        try:
            sent += _remind(report, kinds[report.pk], today, calendar)
        except Exception:
            logger.exception("reminder of report %s failed; retried next run", report.pk)
            failed.add(report.pk)
    return sent, failed


def send_report_reminders(today: dt.date) -> int:
    """Reminders due today. Only the open reports whose next reminder day has come are read
    (the others wait, indexed, for their day), in batches, each batch's notices written
    together (a first run after go-live sends tens of thousands); each report is then given
    its next day. A batch that fails is done again report by report; a report that fails is
    logged and tried again on the next run; the run goes on."""
    due = (
        PostTripReport.objects.filter(
            Q(next_reminder_on__lte=today) | Q(next_reminder_on__isnull=True),
            status__in=PostTripReport.OPEN_STATUSES,
        )
        # The trip's two fields read, not the trip: half the instances of a select_related.
        .annotate(trip_title=F("trip__title"), agency_id=F("trip__agency_id"))
        .only("id", "due_on", "next_reminder_on", "trip_id")
        .order_by("pk")
    )
    reviewers = calendar = None
    sent, last_pk = 0, 0
    # Both depend on the due date alone (today fixed): worked out once per date, not per report.
    kind_on, next_on = {}, {}
    while batch := list(due.filter(pk__gt=last_pk)[:BATCH_SIZE]):
        last_pk = batch[-1].pk
        if calendar is None:  # a day with nothing due reads no calendar
            start = dt.date(today.year - CALENDAR_YEARS_BACK, 1, 1)
            end = today + dt.timedelta(days=60)
            calendar = _CountingCalendar(load_calendar(start, end), start, end)
        for due_on in {r.due_on for r in batch} - kind_on.keys():
            kind_on[due_on] = reminders.reminder_kind(due_on, today, calendar)
            next_on[due_on] = next_reminder_on(due_on, today, calendar)
        kinds = {r.pk: kind_on[r.due_on] for r in batch}
        to_remind = [r for r in batch if kinds[r.pk] is not None]
        if reviewers is None and reminders.OVERDUE in kinds.values():
            reviewers = set(
                User.objects.filter(is_active=True, groups__name=Role.REVIEWER).values_list(
                    "pk", flat=True
                )
            )
        failed = set()
        if to_remind:
            try:
                sent += _remind_batch(to_remind, kinds, today, calendar, reviewers or set())
            except Exception:
                logger.exception("reminders of reports %s.. failed together", to_remind[0].pk)
                done, failed = _remind_each(to_remind, kinds, today, calendar)
                sent += done
        # One UPDATE a batch, its CASE by next day (a few dozen), not by report: bulk_update's
        # CASE over 500 ids is evaluated row by row.
        scheduled = {}
        for report in batch:
            if report.pk not in failed:
                scheduled.setdefault(next_on[report.due_on], []).append(report.pk)
        if scheduled:
            PostTripReport.objects.filter(
                pk__in=[pk for ids in scheduled.values() for pk in ids]
            ).update(
                next_reminder_on=Case(
                    *(When(pk__in=ids, then=Value(day)) for day, ids in scheduled.items()),
                    output_field=DateField(),
                )
            )
    return sent
