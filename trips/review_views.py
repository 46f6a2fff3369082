"""The reviewers' queue and the absence calendar."""

import datetime as dt

from django.contrib import messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.permissions import is_administrator, is_reviewer, is_staff, role_required
from core.validators import is_number
from trips.absences import mark_over_share, month_grid
from trips.filters import TripFilter
from trips.paging import seek_page
from trips.policy import PolicyConfig
from trips.selectors import (
    agencies_in_scope_of,
    sees_every_agency,
    submitted_for_appraisal,
    trips_visible_to,
)


@require_GET
@role_required(is_reviewer)
def review_queue(request):
    """Submitted requests (their proposal signed), the earliest departure first, filterable
    by agency and finding."""
    submitted = submitted_for_appraisal(trips_visible_to(request.user))
    filters = TripFilter(request.GET, queryset=submitted, user=request.user)
    page = seek_page(filters.qs, request.GET, newest_first=False)
    return render(request, "trips/queue.html", {"filters": filters, "page": page})


# The months a trip can fall in (trips.models.PLAUSIBLE_DATES); outside them the calendar
# would only be empty, and at the ends of the date type the month arithmetic overflows.
FIRST_MONTH = dt.date(2000, 1, 1)
LAST_MONTH = dt.date(2100, 12, 1)


def _month(request) -> dt.date:
    """The first day of the month asked for; an unreadable one is this month, one outside the
    calendar's range is its nearest end, with a message."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
        month = int(request.GET.get("month", today.month))
        if not 1 <= month <= 12:
            raise ValueError
    except ValueError:
        return today.replace(day=1)
    asked = (year, month)
    if (FIRST_MONTH.year, FIRST_MONTH.month) <= asked <= (LAST_MONTH.year, LAST_MONTH.month):
        return dt.date(year, month, 1)
    messages.warning(
        request,
        _("Lịch chỉ xem được từ tháng %(first)s đến tháng %(last)s.")
        % {"first": f"{FIRST_MONTH:%m/%Y}", "last": f"{LAST_MONTH:%m/%Y}"},
    )
    return FIRST_MONTH if asked < (FIRST_MONTH.year, FIRST_MONTH.month) else LAST_MONTH


@require_GET
@role_required(is_reviewer, is_administrator, is_staff)
def absence_calendar(request):
    """Who is abroad on which day of the month, key leaders highlighted (L6 at a glance)."""
    first = _month(request)
    trips = trips_visible_to(request.user)
    agencies, agency = None, None
    if sees_every_agency(request.user):  # staff see their own agency only: nothing to pick
        agencies = agencies_in_scope_of(request.user).order_by("name")
        agency_id = request.GET.get("agency", "")
        agency = agencies.filter(pk=agency_id).first() if is_number(agency_id) else None
        if agency is not None:
            trips = trips.filter(agency=agency)
    days, rows = month_grid(first.year, first.month, trips)
    today = timezone.localdate()
    mark_over_share(rows, days, config=PolicyConfig.from_settings(), today=today)
    previous = (first - dt.timedelta(days=1)).replace(day=1) if first > FIRST_MONTH else None
    following = (first + dt.timedelta(days=32)).replace(day=1) if first < LAST_MONTH else None
    return render(
        request,
        "trips/calendar.html",
        {
            "days": days,
            "rows": rows,
            "month": first,
            "previous": previous,
            "next": following,
            "today": today,
            "agencies": agencies,
            "agency": agency,
        },
    )
