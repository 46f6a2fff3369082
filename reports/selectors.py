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
    report: PostTripReport
    working_days_late: int


def due_soon(today: dt.date):
    return (
        PostTripReport.objects.filter(
            status__in=OPEN, due_on__gte=today, due_on__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
        )
        .select_related("trip__agency")
        .order_by("due_on", "id")
    )


def overdue(today: dt.date) -> list[OverdueRow]:
    reports = list(
        PostTripReport.objects.filter(status__in=OPEN, due_on__lt=today)
        .select_related("trip__agency")
        .order_by("trip__agency__name", "due_on")
    )
    if not reports:
        return []
    calendar = load_calendar(min(r.due_on for r in reports), today)
    return [OverdueRow(r, working_days_late(r.due_on, today, calendar)) for r in reports]


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
