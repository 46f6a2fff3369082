"""What the reviewers' report dashboard shows, each list one query whatever its size."""

import dataclasses
import datetime as dt

from django.db.models import Count, F, Q, QuerySet

from core.calendar import load_calendar
from reports.models import PostTripReport
from reports.reminders import working_days_late
from trips.models import TripRequest

OPEN = [PostTripReport.Status.DRAFT, PostTripReport.Status.RETURNED]
FILED = [PostTripReport.Status.SUBMITTED, PostTripReport.Status.ACCEPTED]
DUE_SOON_DAYS = 14


@dataclasses.dataclass
class OverdueRow:
    """A report past its deadline; `report` is None when nobody has started it yet."""

    trip: TripRequest
    due_on: dt.date
    report: PostTripReport | None
    working_days_late: int


def due_soon(today: dt.date):
    return (
        PostTripReport.objects.filter(
            status__in=OPEN, due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related("trip__agency")
        .order_by("due_on", "id")
    )


def awaiting_acceptance():
    """Submitted reports waiting for a reviewer to accept or return them, oldest first."""
    return (
        PostTripReport.objects.filter(status=PostTripReport.Status.SUBMITTED)
        .select_related("trip__agency", "submitted_by")
        .order_by("submitted_at", "id")
    )


def trips_without_report_overdue(today: dt.date):
    """Approved or completed business trips whose deadline passed and whose report was never
    started: no report row exists, yet the report is owed all the same (L11)."""
    return (
        TripRequest.objects.filter(
            kind=TripRequest.Kind.BUSINESS,
            status__in=TripRequest.COUNTED_STATUSES,
            report_due_on__lt=today,
            report__isnull=True,
        )
        .select_related("agency")
        .order_by("agency__name", "report_due_on", "id")
    )


def overdue(today: dt.date) -> list[OverdueRow]:
    """Open reports past their deadline and the trips whose report was never started: two
    queries and the calendar, whatever their number."""
    reports = list(
        PostTripReport.objects.filter(status__in=OPEN, due_on__lt=today).select_related(
            "trip__agency"
        )
    )
    missing = list(trips_without_report_overdue(today))
    if not reports and not missing:
        return []
    first = min([r.due_on for r in reports] + [t.report_due_on for t in missing])
    calendar = load_calendar(first, today)
    rows = [
        OverdueRow(r.trip, r.due_on, r, working_days_late(r.due_on, today, calendar))
        for r in reports
    ] + [
        OverdueRow(t, t.report_due_on, None, working_days_late(t.report_due_on, today, calendar))
        for t in missing
    ]
    return sorted(rows, key=lambda row: (row.trip.agency.name, row.due_on, row.trip.pk))


def on_time_by_agency(year: int, today: dt.date):
    """Per agency, the reports due in `year`: filed on time, filed late, still missing."""
    return (
        PostTripReport.objects.filter(due_on__year=year, due_on__lte=today)
        .values("trip__agency__name")
        .annotate(
            due=Count("id"),
            on_time=Count("id", filter=Q(status__in=FILED, working_days_late=0)),
            late=Count("id", filter=Q(status__in=FILED, working_days_late__gt=0)),
            missing=Count("id", filter=Q(status__in=OPEN)),
        )
        .order_by("trip__agency__name")
    )


def reports_owed(trips: QuerySet[TripRequest], today: dt.date) -> QuerySet[TripRequest]:
    """Business trips back from abroad whose report is still owed: not opened yet (the sweep
    has not run), being written, or returned for changes. Soonest deadline first, each with
    `report_status` (None when not opened). One query."""
    return (
        trips.filter(
            kind=TripRequest.Kind.BUSINESS,
            status__in=[TripRequest.Status.APPROVED, TripRequest.Status.COMPLETED],
            return_date__lt=today,
            report_due_on__isnull=False,
        )
        .filter(Q(report__isnull=True) | Q(report__status__in=OPEN))
        .annotate(report_status=F("report__status"))
        .order_by("report_due_on", "id")
    )


def reports_waiting_for_acceptance(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """Trips whose report was filed and waits for a reviewer's acceptance, oldest first."""
    return (
        trips.filter(report__status=PostTripReport.Status.SUBMITTED)
        .annotate(report_submitted_at=F("report__submitted_at"))
        .order_by("report__submitted_at", "id")
    )


def report_overdue_since(trip, today: dt.date) -> dt.date | None:
    """The deadline of this trip's report when it passed without a report filed, else None."""
    due_on = trip.report_due_on
    if trip.kind != TripRequest.Kind.BUSINESS or due_on is None or due_on >= today:
        return None
    if trip.status not in TripRequest.COUNTED_STATUSES:
        return None
    filed = PostTripReport.objects.filter(trip=trip, status__in=FILED).exists()
    return None if filed else due_on
