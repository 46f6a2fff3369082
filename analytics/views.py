"""The Department's statistics, charts and Excel exports; an agency sees only its own."""

import datetime as dt

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from agencies.models import Agency
from analytics import absence_share, charts, exports, losses, statistics, summary_figures
from analytics.cache import TTL_SECONDS, cached, generation, viewer_scope
from core.formatting import format_vnd
from core.forms import DATE_INPUT_FORMATS
from core.permissions import is_administrator, is_reviewer, is_staff, role_required
from core.validators import is_number
from exports.http import export_response, xlsx_response
from travelmgmt.routers import reads_from_replica
from trips.selectors import agencies_in_scope_of, sees_every_agency, trips_visible_to

# Every view here reads only: with DATABASE_REPLICA_URL it reads the replica
# (@reads_from_replica), which may lag the primary by a moment.
# The near-limit table is paged: a province has thousands of such officials in a busy year
# (25 a page: the rows are rendered on every view, cached or not).
NEAR_LIMITS_PER_PAGE = 25
# A province may count hundreds of agencies (the benchmark's fill: 500 for 50 000 officials):
# the figures table is paged (25 a page, as the near-limit table) and the charts draw the
# largest; the export holds every agency.
FIGURES_PER_PAGE = 25
CHART_BARS = 15
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
        int(year_param) if is_number(year_param) and 2000 <= int(year_param) <= 2100 else today.year
    )
    start = _date(request.GET.get("from"), dt.date(year, 1, 1))
    end = _date(request.GET.get("to"), dt.date(year, 12, 31))
    trips = trips_visible_to(request.user).filter(
        departure_date__gte=start, departure_date__lte=end
    )
    agency = None
    if is_number(request.GET.get("agency", "")):
        agency = Agency.objects.filter(pk=request.GET["agency"]).first()
        trips = trips.filter(agency=agency)
    return {"year": year, "start": start, "end": end, "agency": agency, "trips": trips}


def _figures(request, scope):
    """A calendar year from the summary tables (kept as trips change, issue 26); any other
    period counted from its trips."""
    if summary_figures.is_whole_year(scope["start"], scope["end"]):
        agency = scope["agency"]
        return summary_figures.agency_figures(
            scope["start"].year, request.user, agency.pk if agency else None
        )
    return statistics.agency_figures(scope["trips"])


def _listed(request, scope, page_number) -> statistics.Listed:
    """A page of the agencies' figures and the charts' leaders: a calendar year from the
    summary tables, without reading every agency; any other period counted from its trips."""
    sizes = {"page": page_number, "per_page": FIGURES_PER_PAGE, "keep": CHART_BARS}
    if summary_figures.is_whole_year(scope["start"], scope["end"]):
        agency = scope["agency"]
        return summary_figures.listed(
            scope["start"].year, request.user, agency.pk if agency else None, **sizes
        )
    return statistics.listed(statistics.agency_figures(scope["trips"]), **sizes)


def _summary(request, scope, page_number) -> dict:
    """A page of the figures and the two charts (drawn once per cached summary)."""
    listed = _listed(request, scope, page_number)
    return {
        "figures": listed.figures,
        "count": listed.count,
        "page": listed.page,
        **_chart("trips", listed.trips, _("Số hồ sơ theo cơ quan")),
        **_chart("cost", listed.cost, _("Dự toán kinh phí các chuyến đã duyệt"), money=True),
    }


def _chart(name, leaders, title, *, money=False) -> dict:
    """`<name>_chart`, the SVG of the largest, and `<name>_others`, a line saying what the
    others add up to (empty when there is nothing more to add)."""
    line = ""
    if leaders.others and leaders.rest:
        amount = (
            format_vnd(leaders.rest) if money else number_format(leaders.rest, force_grouping=True)
        )
        line = ngettext(
            "Và %(n)s cơ quan khác: %(amount)s.",
            "Và %(n)s cơ quan khác: %(amount)s.",
            leaders.others,
        ) % {"n": number_format(leaders.others, force_grouping=True), "amount": amount}
    return {
        f"{name}_chart": charts.svg(*charts.bars(leaders.shown, money=money), title),
        f"{name}_others": line,
    }


def _figures_key(request, scope) -> list:
    """The statistics' cache key: who sees the same trips, the period, the agency picked, the
    language (the table names the countries)."""
    agency = scope["agency"]
    return [
        viewer_scope(request.user),
        scope["start"],
        scope["end"],
        agency.pk if agency else "",
        get_language(),
    ]


def _figures_read_if_drawn(request, scope, key, page_number) -> dict:
    """The charts and a page of the figures table, read (from the cache, or counted) only if
    the page's cached fragment is missing."""
    summary = SimpleLazyObject(
        lambda: cached(
            ["summary", *key, page_number], lambda: _summary(request, scope, page_number)
        )
    )
    return {
        "figures": SimpleLazyObject(lambda: summary["figures"]),
        "summary": summary,
        # The pager's numbers: the page and the count of agencies the summary read.
        "figures_page": SimpleLazyObject(
            lambda: Paginator(range(summary["count"]), FIGURES_PER_PAGE).get_page(summary["page"])
        ),
        "figure_rows": SimpleLazyObject(lambda: statistics.table_rows(summary["figures"])),
    }


@require_GET
@role_required(*can_read)
@reads_from_replica
def statistics_page(request):
    scope = _scope(request)
    agency = scope["agency"]
    # The Department sees the province (or the agency it picked); an agency its own holders.
    province_wide = sees_every_agency(request.user)  # trips/selectors.py: one answer
    holders_of = agency.pk if agency else None
    if not province_wide:
        holders_of = request.user.agency_id
    key = _figures_key(request, scope)
    # A page of the year's officials near a limit, from the summary table: a count and a
    # page whatever the number of officials.
    near_page = Paginator(
        summary_figures.NearLimits(scope["year"], holders_of), NEAR_LIMITS_PER_PAGE
    ).get_page(request.GET.get("limits_page"))
    near_page.object_list = summary_figures.as_rows(near_page.object_list)
    page_number = request.GET.get("agencies_page", "")
    page_number = int(page_number) if is_number(page_number) else 1
    return render(
        request,
        "analytics/statistics.html",
        {
            **scope,
            **_figures_read_if_drawn(request, scope, key, page_number),
            # The rendered charts and table are cached too, under the figures' own key.
            "fragment_key": f"{generation()}:"
            + ":".join(str(part) for part in [*key, page_number]),
            "near_limits": near_page,
            "cache_seconds": TTL_SECONDS,
            "losses": losses.recent_losses(scope["year"], holders_of),
            # AGENCY_ABSENCE_SHARE over the period: one agency, or the province (cached with
            # the figures: it reads every approved trip of the period).
            "over_share": cached(
                ["over_share", *key],
                lambda: absence_share.agencies_over_share(
                    scope["start"], scope["end"], agency_id=holders_of
                ),
            ),
            # Searched as the reader types (trips:agencies), the chosen one alone sent.
            "pick_agency": province_wide,
        },
    )


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_statistics(request):
    """Rows per agency (a few dozen): always answered at once."""
    scope = _scope(request)
    figures = _figures(request, scope)  # every agency's, as the summary pages them
    title = _("Thống kê năm %(year)s") % {"year": scope["year"]}
    out = exports.statistics_workbook(figures, title)
    return xlsx_response(out, f"thong-ke-{scope['year']}.xlsx")


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_trips(request):
    """The list as filtered on screen; a large one is built by a worker (exports/)."""
    params = {"query": request.GET.urlencode()}
    return export_response(request, "trips", params, "ho-so-di-nuoc-ngoai.xlsx")


@require_GET
@role_required(*can_read)
@reads_from_replica
def export_year_end(request, agency_pk, year):
    """The year-end summary per agency that the Department sends upward."""
    # Province-wide roles read every agency's, agency staff their own (trips/selectors.py).
    agency = get_object_or_404(agencies_in_scope_of(request.user), pk=agency_pk)
    params = {"agency": agency.pk, "year": year}
    return export_response(request, "year_end", params, f"tong-hop-{agency.code}-{year}.xlsx")
