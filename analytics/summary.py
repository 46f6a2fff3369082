"""Keeping the statistics' summary tables (analytics/models.py) in step with the trips.

    refresh(trip_id)   # inside the transaction that changed the trip: its share, re-counted

A trip's share of the figures (`contribution`) is a pure function of the trip, its members,
its report and the calendar; its ledger row holds the share last added. A refresh locks the
trip, counts its share now, and adds the difference to the summary rows with additive upserts
(`n = n + delta`), so two transactions moving the figures of the same official or agency at
once both count (PostgreSQL holds the row until the first commits, then re-reads it). The rows
are written in key order, the same in every transaction, so two of them never wait on each
other in a cycle. `rebuild()` counts every trip again (the management command
`rebuild_statistics`); `verify()` compares a sample of ledgers with a fresh count.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from types import SimpleNamespace

from django.db import connection, transaction

from analytics.models import AgencyYearTally, AgencyYearTrips, OfficialYearUsage, TripContribution
from core.calendar import WorkingCalendar, load_calendar
from core.rawsql import as_date
from reports.selectors import FILED
from trips.models import TripMember, TripRequest
from trips.usage import days_in_year

COUNTED = set(TripRequest.COUNTED_STATUSES)
BUSINESS = TripRequest.Kind.BUSINESS
PRIVATE = TripRequest.Kind.PRIVATE

# The three tables a share is made of: the key columns, then the summed columns.
TABLES = {
    "officials": (OfficialYearUsage, ("official_id", "year", "agency_id", "submitted"),
                  ("trips", "business_trips", "private_working_days")),
    "trips": (AgencyYearTrips, ("agency_id", "year", "status", "kind", "submitted"),
              ("trips", "justified")),
    "tally": (AgencyYearTally, ("agency_id", "year", "submitted", "measure", "key"), ("value",)),
}  # fmt: skip


def _models(apps=None):
    """The models the count reads and writes: the live ones, or a migration's (a data
    migration counts with the tables as they are at its point in history)."""
    if apps is None:
        from reports.models import PostTripReport

        return TripRequest, TripMember, PostTripReport, TripContribution
    return (
        apps.get_model("trips", "TripRequest"),
        apps.get_model("trips", "TripMember"),
        apps.get_model("reports", "PostTripReport"),
        apps.get_model("analytics", "TripContribution"),
    )


def _table_model(table, apps=None):
    model = TABLES[table][0]
    return model if apps is None else apps.get_model("analytics", model.__name__)


def _codes(countries) -> list[str]:
    if isinstance(countries, str):
        return [code for code in countries.split(",") if code]
    return [str(code) for code in countries or []]


def _justified(justifications) -> int:
    return len(justifications) if isinstance(justifications, dict) else 0


def contribution(trip, member_ids, report, funding, calendar: WorkingCalendar) -> dict:
    """{table: {key: values}} that `trip` adds to the summary tables. `report`: (status,
    working_days_late, actual_cost_vnd) or None; `funding`: its plan line's source or None."""
    if trip is None:
        return {}
    year, agency, submitted = (
        trip.departure_date.year,
        trip.agency_id,
        trip.submitted_at is not None,
    )
    share = {
        "trips": {
            (agency, year, trip.status, trip.kind, submitted): (
                1,
                _justified(trip.justifications),
            )
        }
    }
    if trip.status not in COUNTED:
        return share
    tally = defaultdict(int)
    tally[("estimated", "")] += trip.estimated_cost_vnd or 0
    if report is not None:
        status, late, actual = report
        tally[("actual", "")] += actual or 0
        if status in FILED:
            tally[("late" if late > 0 else "on_time", "")] += 1
    tally[("days", "")] += ((trip.return_date - trip.departure_date).days + 1) * len(
        set(member_ids)
    )
    for code in _codes(trip.countries):
        tally[("country", code)] += 1
    tally[("funding", funding or "—")] += 1
    share["tally"] = {(agency, year, submitted, *key): (n,) for key, n in tally.items() if n}
    officials = {}
    for official in sorted(set(member_ids)):
        business = int(trip.kind == BUSINESS)
        officials[(official, year, agency, submitted)] = (1, business, 0)
        if trip.kind != PRIVATE:
            continue
        for in_year in range(year, trip.return_date.year + 1):
            if span := days_in_year(trip.departure_date, trip.return_date, in_year):
                days = calendar.working_days_between(*span)
                key = (official, in_year, agency, submitted)
                trips, business, private = officials.get(key, (0, 0, 0))
                officials[key] = (trips, business, private + days)
    share["officials"] = officials
    return share


def _to_json(share: dict) -> dict:
    return {
        table: [[*key, *values] for key, values in rows.items()] for table, rows in share.items()
    }


def _from_json(stored: dict) -> dict:
    share = {}
    for table, rows in (stored or {}).items():
        width = len(TABLES[table][1])
        share[table] = {tuple(row[:width]): tuple(row[width:]) for row in rows}
    return share


def difference(new: dict, old: dict) -> dict:
    """{table: {key: new - old}}, the rows that do not move left out."""
    moved = {}
    for table in TABLES:
        a, b = new.get(table, {}), old.get(table, {})
        width = len(TABLES[table][2])
        rows = {}
        for key in set(a) | set(b):
            before, after = b.get(key, (0,) * width), a.get(key, (0,) * width)
            delta = tuple(x - y for x, y in zip(after, before, strict=True))
            if any(delta):
                rows[key] = delta
        if rows:
            moved[table] = rows
    return moved


def _sort_key(key):
    return tuple((value is None, str(type(value)), value) for value in key)


def add(moved: dict) -> None:
    """Add `moved` ({table: {key: deltas}}) to the summary rows: one upsert a table, its rows
    in key order."""
    _execute(_upserts(moved))


def _upserts(moved: dict) -> list[tuple[str, list]]:
    quote = connection.ops.quote_name
    statements = []
    for table in ("officials", "trips", "tally"):
        rows = moved.get(table)
        if not rows:
            continue
        model, keys, sums = TABLES[table]
        name = quote(model._meta.db_table)
        columns = [*keys, *sums]
        values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
        updates = ", ".join(f"{quote(c)} = {name}.{quote(c)} + EXCLUDED.{quote(c)}" for c in sums)
        sql = (
            f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) VALUES {values} "
            f"ON CONFLICT ({', '.join(quote(c) for c in keys)}) DO UPDATE SET {updates}"
        )
        params = [v for key in sorted(rows, key=_sort_key) for v in (*key, *rows[key])]
        statements.append((sql, params))
    return statements


def _execute(statements: list[tuple[str, list]]) -> None:
    """Run `statements`: on PostgreSQL as one (the last as the main statement, the others as
    data-modifying WITH clauses), one round trip for a move's whole re-count; elsewhere one
    by one. The summary tables are written in the order given either way, each table's rows
    in key order, so that two re-counts never wait for each other in a cycle (the trip's
    ledger, which only the holder of the trip's lock writes, comes first on PostgreSQL)."""
    if not statements:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or len(statements) == 1:
            for sql, params in statements:
                cursor.execute(sql, params)
            return
        # PostgreSQL runs the main statement, then the WITH clauses last to first, each to
        # completion (tested in analytics/tests/test_upkeep_cost.py): listed in reverse.
        *first, (last, last_params) = statements
        first.reverse()
        clauses = ", ".join(f"s{i} AS ({sql})" for i, (sql, _params) in enumerate(first))
        params = [v for _sql, values in first for v in values]
        cursor.execute(f"WITH {clauses} {last}", [*params, *last_params])


def _load(trip_ids, *, lock=False, apps=None):
    """{trip id: (trip, member ids, report, funding)} for the trips that exist: three queries
    (the trips, and for those that count their members and reports)."""
    TripRequest, TripMember, PostTripReport, _ = _models(apps)
    trips = TripRequest.objects.filter(pk__in=trip_ids).select_related("plan_line").only(
        "agency_id", "status", "kind",
        "submitted_at", "justifications", "estimated_cost_vnd", "departure_date",
        "return_date", "countries", "plan_line__funding_source",
    )  # fmt: skip
    if lock:
        trips = trips.select_for_update(of=("self",))
    loaded = {trip.pk: trip for trip in trips}
    members = defaultdict(list)
    counted = [pk for pk, trip in loaded.items() if trip.status in COUNTED]
    reports = {}
    if counted:
        for trip_id, official_id in TripMember.objects.filter(trip_id__in=counted).values_list(
            "trip_id", "official_id"
        ):
            members[trip_id].append(official_id)
        reports = {
            trip_id: (status, late, actual)
            for trip_id, status, late, actual in PostTripReport.objects.filter(
                trip_id__in=counted
            ).values_list("trip_id", "status", "working_days_late", "actual_cost_vnd")
        }
    return {
        pk: (
            trip,
            members[pk],
            reports.get(pk),
            trip.plan_line.funding_source if trip.plan_line_id else None,
        )
        for pk, trip in loaded.items()
    }


def _calendar_for(trips) -> WorkingCalendar:
    private = [t for t in trips if t.kind == PRIVATE and t.status in COUNTED]
    if not private:
        return WorkingCalendar()
    return load_calendar(
        dt.date(min(t.departure_date.year for t in private), 1, 1),
        dt.date(max(t.return_date.year for t in private), 12, 31),
    )


def refresh(trip_id, *, locked=False) -> None:
    """Count `trip_id`'s share again and move the summary rows by the difference, inside the
    caller's transaction (one of its own when there is none). `locked`: the caller's
    transaction already holds the trip's row (it has just saved it)."""
    _refresh(trip_id, locked)


# The trip, its funding, report, members and ledger in one statement. Read after the trip's
# row is locked (by the caller's save, or by _LOCK just before), never in the statement that
# waits for the lock: PostgreSQL would re-read the locked row once it is free, but not the
# ledger, which the transaction that held the lock may have moved.
_READ = """
    SELECT t.agency_id, t.status, t.kind, t.submitted_at IS NOT NULL, t.justifications,
           t.estimated_cost_vnd, t.departure_date, t.return_date, t.countries,
           p.funding_source, r.status, r.working_days_late, r.actual_cost_vnd,
           (SELECT {members} FROM trips_tripmember m WHERE m.trip_id = t.id),
           (SELECT c."rows" FROM analytics_tripcontribution c WHERE c.trip_id = t.id)
    FROM trips_triprequest t
    LEFT JOIN plans_planline p ON p.id = t.plan_line_id
    LEFT JOIN reports_posttripreport r ON r.trip_id = t.id
    WHERE t.id = %s
"""
_MEMBERS = {
    "postgresql": "string_agg(m.official_id::text, ',')",
    "sqlite": "group_concat(m.official_id, ',')",
}
# A deleted trip's ledger, locked: two re-counts of it at once subtract it once.
_LEDGER = 'SELECT "rows" FROM analytics_tripcontribution WHERE trip_id = %s{lock}'


def _json(value):
    # Raw cursors hand JSON back as text (SQLite, and Django's jsonb loader on PostgreSQL).
    return json.loads(value) if isinstance(value, str) else value


def _read_one(trip_id, locked: bool):
    """(trip's share now, ledger's rows or None, ledger exists): one query when the trip's
    row is already locked, two otherwise (the lock, then the read)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        if not locked:
            cursor.execute(f"SELECT id FROM trips_triprequest WHERE id = %s{lock}", [trip_id])
        cursor.execute(_READ.format(members=_MEMBERS[connection.vendor]), [trip_id])
        row = cursor.fetchone()
        if row is None:  # deleted: only its ledger is left to subtract
            cursor.execute(_LEDGER.format(lock=lock), [trip_id])
            ledger = cursor.fetchone()
            return {}, _json(ledger[0]) if ledger else None, ledger is not None
    (agency, status, kind, submitted, justifications, cost, departure, return_date, countries,
     funding, report_status, late, actual, members, ledger) = row  # fmt: skip
    trip = SimpleNamespace(
        agency_id=agency, status=status, kind=kind, submitted_at=True if submitted else None,
        justifications=_json(justifications), estimated_cost_vnd=cost,
        departure_date=as_date(departure), return_date=as_date(return_date), countries=countries,
    )  # fmt: skip
    member_ids = [int(pk) for pk in members.split(",")] if members else []
    report = None if report_status is None else (report_status, late, actual)
    share = contribution(trip, member_ids, report, funding, _calendar_for([trip]))
    return share, _json(ledger), ledger is not None


def _refresh(trip_id, locked=False) -> None:
    # No savepoint of its own inside the caller's transaction: a failure here fails the
    # caller's change as a whole. Most saves move nothing counted (a draft's text, a step's
    # findings): they cost the one read.
    with transaction.atomic(savepoint=False):
        new, stored, exists = _read_one(trip_id, locked)
        moved = difference(new, _from_json(stored))
        if not moved:
            return
        # The summary rows and the trip's ledger in one statement on PostgreSQL (_execute).
        _execute([*_upserts(moved), _ledger_written(trip_id, new, exists)])


def _ledger_written(trip_id, new: dict, exists: bool) -> tuple[str, list]:
    """The statement that leaves the trip's ledger as `new` (none: deleted)."""
    if not new:
        return "DELETE FROM analytics_tripcontribution WHERE trip_id = %s", [trip_id]
    rows = json.dumps(_to_json(new))
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    if not exists:
        sql = f'INSERT INTO analytics_tripcontribution (trip_id, "rows") VALUES (%s, %s{cast})'
        return sql, [trip_id, rows]
    sql = f'UPDATE analytics_tripcontribution SET "rows" = %s{cast} WHERE trip_id = %s'
    return sql, [rows, trip_id]


def _shares(ids, batch_size, apps=None):
    """(trip id, share) of the trips `ids` that exist, loaded `batch_size` at a time."""
    ids = list(ids)
    for start in range(0, len(ids), batch_size):
        loaded = _load(ids[start : start + batch_size], apps=apps)
        calendar = _calendar_for([trip for trip, *_ in loaded.values()])
        for pk, (trip, members, report, funding) in loaded.items():
            yield pk, contribution(trip, members, report, funding, calendar)


def _add_to(sums, share) -> None:
    for table, rows in share.items():
        for key, values in rows.items():
            before = sums[table].get(key)
            sums[table][key] = (
                values if before is None else tuple(map(sum, zip(before, values, strict=True)))
            )


def compute_all(batch_size=2000, apps=None, each=None) -> dict:
    """The sums of every trip's share, counted from the trips (batches of `batch_size`);
    `each(batch)` is handed each batch's [(trip id, share)] on the way."""
    sums = {table: {} for table in TABLES}
    ids = _models(apps)[0].objects.order_by("pk").values_list("pk", flat=True)
    batch = []
    for pk, share in _shares(ids, batch_size, apps):
        _add_to(sums, share)
        batch.append((pk, share))
        if len(batch) >= batch_size:
            if each is not None:
                each(batch)
            batch = []
    if batch and each is not None:
        each(batch)
    return sums


def stored_sums() -> dict:
    """{table: {key: values}} as the summary tables hold them, rows at zero left out."""
    stored = {}
    for table, (model, keys, columns) in TABLES.items():
        stored[table] = {
            tuple(row[: len(keys)]): tuple(row[len(keys) :])
            for row in model.objects.values_list(*keys, *columns)
            if any(row[len(keys) :])
        }
    return stored


def rebuild(batch_size=2000, apps=None) -> dict:
    """Count every trip again and replace the summary tables and ledgers with the result, in
    one transaction (on PostgreSQL the tables are locked against refreshes meanwhile). Run
    twice, the second run writes the same rows. Returns the number of rows a table."""
    Ledger = _models(apps)[3]
    tables = {table: _table_model(table, apps) for table in TABLES}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # The trips too: a re-count reads its ledger once it holds its trip's row, so
            # none reads a ledger this rebuild is about to replace (the workflow waited for
            # the rebuild already, on the summary tables).
            trips = _models(apps)[0]
            names = [m._meta.db_table for m in (trips, Ledger, *tables.values())]
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE")
        Ledger.objects.all().delete()
        for model in tables.values():
            model.objects.all().delete()
        # The ledgers written a batch at a time; only the sums (rows per agency and
        # official) are held until the end.
        sums = compute_all(
            batch_size,
            apps,
            each=lambda batch: Ledger.objects.bulk_create(
                Ledger(pk=pk, rows=_to_json(share)) for pk, share in batch
            ),
        )
        counts = {}
        for table, (_, keys, columns) in TABLES.items():
            model = tables[table]
            rows = [
                model(**dict(zip((*keys, *columns), (*key, *values), strict=True)))
                for key, values in sorted(sums[table].items(), key=lambda kv: _sort_key(kv[0]))
                if any(values)
            ]
            model.objects.bulk_create(rows, batch_size=batch_size)
            counts[table] = len(rows)
    return counts


def verify(sample: int | None = None, batch_size=2000) -> list[int]:
    """The trips (all, or a random `sample` of them) whose ledger differs from a fresh count:
    none when the summary tables are in step. Reads only."""
    trips = TripRequest.objects.order_by("?" if sample else "pk").values_list("pk", flat=True)
    ids = list(trips[:sample] if sample else trips)
    wrong = []
    for start in range(0, len(ids), batch_size):
        part = ids[start : start + batch_size]
        shares = dict(_shares(part, batch_size))
        ledgers = {c.pk: c.rows for c in TripContribution.objects.filter(pk__in=part)}
        for pk in part:
            if difference(shares.get(pk, {}), _from_json(ledgers.get(pk, {}))):
                wrong.append(pk)
    return wrong
