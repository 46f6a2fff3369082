"""The reviewers' queue and the absence calendar."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.permissions import is_administrator, is_reviewer, is_staff, role_required
from trips.absences import month_grid
from trips.filters import TripFilter
from trips.models import TripRequest
from trips.selectors import trips_visible_to
from trips.views import PAGE_SIZE, list_rows


@require_GET
@role_required(is_reviewer)
def review_queue(request):
    """Submitted requests, the earliest departure first, filterable by agency and finding."""
    submitted = trips_visible_to(request.user).filter(status=TripRequest.Status.SUBMITTED)
    filters = TripFilter(request.GET, queryset=submitted, user=request.user)
    rows = list_rows(filters.qs).order_by("departure_date", "id")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "trips/queue.html", {"filters": filters, "page": page})


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        dt.date(year, month, 1)
    except ValueError:
        return today.year, today.month
    return year, month


@require_GET
@role_required(is_reviewer, is_administrator, is_staff)
def absence_calendar(request):
    """Who is abroad on which day of the month, key leaders highlighted (L6 at a glance)."""
    year, month = _month(request)
    days, rows = month_grid(year, month, trips_visible_to(request.user))
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    return render(
        request,
        "trips/calendar.html",
        {
            "days": days,
            "rows": rows,
            "month": first,
            "previous": previous,
            "next": following,
            "today": timezone.localdate(),
        },
    )
