"""A move's read of its request, locked: the row FOR UPDATE (of the request only) with its
agency, the columns by hand and only the queryset's WHERE compiled by the ORM.

Every action reads its request this way, and the ORM spent longer compiling the select list
(the request's and the agency's 33 columns, the join) than PostgreSQL spent running the
statement. The WHERE stays the queryset's own, compiled by Django on the row that is locked
(the caller's scope, trips.selectors.trips_visible_to, and the id), so PostgreSQL re-checks it
on the row's latest version as it would the ORM's statement. Another shape of queryset (an
ordering, a join in its WHERE, annotations, another database) is read by the ORM.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from django.db.models.query import ModelIterable

from agencies.models import Agency
from core.rawsql import columns, fetch, instances
from trips.models import TripRequest

_AGENCY_START = len(TripRequest._meta.concrete_fields)  # the agency's columns follow the request's


class LockedTrips(QuerySet):
    """Trips read as a move locks them (trips.services.common.locked_rows)."""

    def _fetch_all(self):
        if self._result_cache is None:
            self._result_cache = _by_hand(self)
        super()._fetch_all()  # the ORM's read where the hand could not (None)


def _by_hand(rows) -> list[TripRequest] | None:
    query = rows.query
    table = TripRequest._meta.db_table
    connection = connections[DEFAULT_DB_ALIAS]
    if not (
        rows.model is TripRequest
        and rows.db == DEFAULT_DB_ALIAS
        # Outside a transaction the ORM refuses FOR UPDATE (TransactionManagementError).
        and not connection.get_autocommit()
        and rows._iterable_class is ModelIterable
        and not rows._known_related_objects
        and query.select_related == {"agency": {}}
        and query.select_for_update
        and query.select_for_update_of == ("self",)
        and not (query.select_for_update_nowait or query.select_for_update_skip_locked)
        and not query.select_for_no_key_update
        and not (query.annotations or query.extra or query.extra_tables)
        and not (query.distinct or query.combinator)
        and query.deferred_loading == (frozenset(), True)
        and not (query.order_by or query.extra_order_by or query.default_ordering)
        and query.low_mark == 0
        # The WHERE reads the request's own columns: no join that the statement would hold
        # (a filter on `agency_id` leaves the agency's join trimmed, unused: not in the SQL).
        and all(query.alias_refcount[alias] == 0 for alias in query.alias_map if alias != table)
    ):
        return None
    quote = connection.ops.quote_name
    try:
        where, params = query.get_compiler(connection=connection).compile(query.where)
    except EmptyResultSet:  # .none(): nobody's scope
        return []
    except FullResultSet:  # an administrator's scope, no id: every row
        where, params = "", []
    sql = (
        f"SELECT {columns(TripRequest, quote(table))}, {columns(Agency, 'a')} "
        f"FROM {quote(table)} JOIN {quote(Agency._meta.db_table)} a "
        f"ON a.id = {quote(table)}.{quote('agency_id')}"
        + (f" WHERE {where}" if where else "")
        + (f" LIMIT {int(query.high_mark)}" if query.high_mark is not None else "")
        + (f" FOR UPDATE OF {quote(table)}" if connection.features.has_select_for_update_of else "")
    )
    found = fetch(sql, params)
    trips = instances(TripRequest, found)
    for trip, agency in zip(trips, instances(Agency, found, start=_AGENCY_START), strict=True):
        trip.agency = agency
    return trips
