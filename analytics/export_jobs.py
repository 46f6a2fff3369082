"""The trip list's and the year-end summary's exports, registered with exports.registry so
that a worker can build a large one. Each looks the rows up through the user's selectors
again: the job's params are the page's filters, never a scope."""

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404

from analytics import exports, statistics
from analytics.exports import TRIP_FIELDS
from exports.registry import Export, register
from trips.filters import TripFilter
from trips.selectors import agencies_in_scope_of, list_rows, trips_visible_to

CHUNK = 2000  # rows fetched at a time (.iterator): memory flat whatever the export's size


def _count(rows, limit):
    return rows.order_by()[: limit + 1].count() if limit is not None else rows.count()


def _trips(user, params):
    filters = TripFilter(
        QueryDict(params.get("query", "")), queryset=trips_visible_to(user), user=user
    )
    return filters.qs


def _rows(trips):
    ordered = list_rows(trips).order_by("departure_date", "id")
    return ordered.values_list(*TRIP_FIELDS).iterator(chunk_size=CHUNK)


def count_trips(user, params, limit=None) -> int:
    return _count(_trips(user, params), limit)


def build_trips(user, params, progress):
    return exports.trips_workbook(_rows(_trips(user, params)), progress)


def _year_end_trips(user, params):
    # Province-wide roles read every agency's, agency staff their own (trips/selectors.py).
    try:
        agency = get_object_or_404(agencies_in_scope_of(user), pk=params["agency"])
    except (KeyError, ValueError) as error:
        raise Http404 from error
    trips = trips_visible_to(user).filter(agency=agency, departure_date__year=params["year"])
    return agency, trips


def count_year_end(user, params, limit=None) -> int:
    return _count(_year_end_trips(user, params)[1], limit)


def build_year_end(user, params, progress):
    agency, trips = _year_end_trips(user, params)
    figures = statistics.agency_figures(trips)
    return exports.year_end_workbook(agency, params["year"], figures, _rows(trips), progress)


def connect():
    register("trips", Export(count=count_trips, build=build_trips))
    register("year_end", Export(count=count_year_end, build=build_year_end))
