"""The Department's statistics, charts and Excel exports; an agency sees only its own."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.models import Agency, Official
from analytics import absence_share, charts, exports, losses, statistics
from core.forms import DATE_INPUT_FORMATS
from core.permissions import is_administrator, is_reviewer, is_staff, role_required
from travelmgmt.routers import reads_from_replica
from trips.filters import TripFilter
from trips.selectors import agencies_in_scope_of, list_rows, sees_every_agency, trips_visible_to

# Every view here reads only: with DATABASE_REPLICA_URL it reads the replica
# (@reads_from_replica), which may lag the primary by a moment.
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
can_read = (is_staff, is_reviewer, is_administrator)


def _date(value, default):
    for pattern in DATE_INPUT_FORMATS:
        try:
            return dt.datetime.strptime(value or "", pattern).date()
        except ValueError:
            continue
    return default


def _scope(request):
    """The period (a year by default, or from–to) and the agency asked for, within what the
    user may see."""
    today = timezone.localdate()
    year_param = request.GET.get("year", "")
    year = (
        int(year_param) if year_param.isdigit() and 2000 <= int(year_param) <= 2100 else today.year
    )
    start = _date(request.GET.get("from"), dt.date(year, 1, 1))
    end = _date(request.GET.get("to"), dt.date(year, 12, 31))
    trips = trips_visible_to(request.user).filter(
        departure_date__gte=start, departure_date__lte=end
    )
    agency = None
    if request.GET.get("agency", "").isdigit():
        agency = Agency.objects.filter(pk=request.GET["agency"]).first()
        trips = trips.filter(agency=agency)
    return {"year": year, "start": start, "end": end, "agency": agency, "trips": trips}


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@role_required(*can_read)
@reads_from_replica
def statistics_page(request):
    scope = _scope(request)
    figures = statistics.agency_figures(scope["trips"])
    officials = None
    # The Department sees the province (or the agency it picked); an agency its own holders.
    losses_agency = scope["agency"].pk if scope["agency"] else None
    province_wide = sees_every_agency(request.user)  # trips/selectors.py: one answer
    if not province_wide:
        officials = Official.objects.filter(agency_id=request.user.agency_id)
        losses_agency = request.user.agency_id
    trips_chart, trips_height = charts.bars([(f.agency, f.trips) for f in figures])
    cost_chart, cost_height = charts.bars(
        [(f.agency, f.estimated_cost_vnd) for f in figures], money=True
    )
    return render(
        request,
        "analytics/statistics.html",
        {
            **scope,
            "figures": figures,
            "trips_chart": trips_chart,
            "trips_height": trips_height,
            "cost_chart": cost_chart,
            "cost_height": cost_height,
            "near_limits": statistics.officials_near_limits(scope["year"], officials),
            "losses": losses.recent_losses(scope["year"], losses_agency),
            # AGENCY_ABSENCE_SHARE over the period: one agency, or the province.
            "over_share": absence_share.agencies_over_share(
                scope["start"], scope["end"], agency_id=losses_agency
            ),
            "agencies": agencies_in_scope_of(request.user).order_by("name")
            if province_wide
            else [],
        },
    )


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_statistics(request):
    scope = _scope(request)
    figures = statistics.agency_figures(scope["trips"])
    title = _("Thống kê năm %(year)s") % {"year": scope["year"]}
    return _xlsx(exports.statistics_workbook(figures, title), f"thong-ke-{scope['year']}.xlsx")


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_trips(request):
    filters = TripFilter(request.GET, queryset=trips_visible_to(request.user), user=request.user)
    trips = list_rows(filters.qs).order_by("departure_date", "id")
    return _xlsx(exports.trips_workbook(trips), "ho-so-di-nuoc-ngoai.xlsx")


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_year_end(request, agency_pk, year):
    """The year-end summary per agency that the Department sends upward."""
    # Province-wide roles read every agency's, agency staff their own (trips/selectors.py).
    agency = get_object_or_404(agencies_in_scope_of(request.user), pk=agency_pk)
    trips = trips_visible_to(request.user).filter(agency=agency, departure_date__year=year)
    figures = statistics.agency_figures(trips)
    rows = list_rows(trips).order_by("departure_date", "id")
    return _xlsx(
        exports.year_end_workbook(agency, year, figures, rows),
        f"tong-hop-{agency.code}-{year}.xlsx",
    )
