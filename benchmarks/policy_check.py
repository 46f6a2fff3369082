"""Benchmark: the rules checking a 10-member delegation against a big history, and the daily
sweep over a big history of reports.

Run on purpose (`make benchmark`), on PostgreSQL:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_bench \
        .venv/bin/python benchmarks/policy_check.py [--officials 50000] [--trips 500000] \
        [--runs 300] [--sweep]

It creates the database if needed, migrates it, fills it once with generated officials, past
trips (two members each) and their post-trip reports using set-based SQL, then times
`trips.policy.check` and prints the median and the 95th percentile; with `--sweep`, it also
times the daily sweep twice on one day (the second run has nothing to send).

A tiny version (hundreds of rows, no timing asserted) runs in the test suite
(`benchmarks/tests/`) on SQLite and PostgreSQL, so the fill cannot fall behind the schema.
"""

import argparse
import contextlib
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

# The day the generated history is seen from (a Wednesday): approved trips that are back by
# then are generated completed, as the sweep would have left them.
TODAY = dt.date(2026, 12, 2)


def _other_database(url: str, name: str) -> str:
    """`url` naming the database `name` (the path only: a user may share the database's name)."""
    from urllib.parse import urlparse

    return urlparse(url)._replace(path=f"/{name}").geturl()


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg2

    name = urlparse(url).path.lstrip("/")
    admin = psycopg2.connect(_other_database(url, "postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


@contextlib.contextmanager
def database_copy(url: str, suffix: str = ""):
    """A copy of the database at `url` (PostgreSQL's CREATE DATABASE … TEMPLATE), dropped
    afterwards: a run that writes (trips submitted, documents, emails) leaves the filled
    database as it found it, so one run never skews the next. Yields the copy's URL; `suffix`
    tells apart several copies of one process. Nobody may be connected to the original
    meanwhile (this process closes its own first)."""
    from urllib.parse import urlparse

    import psycopg2
    from django.db import connections

    name = urlparse(url).path.lstrip("/")
    copy = f"{name}_run_{os.getpid()}{suffix}"
    connections.close_all()
    admin = psycopg2.connect(_other_database(url, "postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        yield _other_database(url, copy)
    finally:
        connections.close_all()
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        admin.close()


def _series(bound: str) -> str:
    # Portable (PostgreSQL and SQLite): a recursive CTE numbering 0 .. bound - 1.
    return f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < {bound}) "


class UnfilledColumn(Exception):
    """A column the fill has no value for: it has no default and is not nullable."""


def _insert(model, values: dict[str, str], source: str, defaults: dict) -> str:
    """`INSERT INTO <model's table> (<every column>) SELECT ... <source>`, the columns read
    from the model (`_meta`), so the fill follows the schema: a column given in `values` (by
    attribute name) takes that SQL expression, one with a default takes the default (added to
    `defaults`, the statement's parameters), a nullable one NULL, a timestamp %(now)s. A new
    column with none of these stops the fill with its name (the suite's tiny run sees it)."""
    from django.db import connection

    table, columns, expressions = model._meta.db_table, [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in values:
            expressions.append(values[field.attname])
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("%(now)s")
        elif field.has_default() or (not field.null and field.empty_strings_allowed):
            key = f"default__{table}__{field.column}"
            value = field.get_db_prep_save(field.get_default(), connection)
            defaults[key] = str(value) if isinstance(value, str) else value
            expressions.append(f"%({key})s")
        elif field.null:
            expressions.append("NULL")
        else:
            raise UnfilledColumn(
                f"{table}.{field.column} has no default: give it a value in benchmarks/"
                "policy_check.py's fill"
            )
    return f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} {source}"


def _fill_statements(vendor: str, defaults: dict) -> list[str]:
    from agencies.models import Agency, Official
    from documents.models import IssuedDocument
    from reports.models import PostTripReport
    from trips.models import TripMember, TripRequest

    def shift(date: str, offset: str) -> str:
        if vendor == "postgresql":
            return f"({date} + ({offset}))"
        return f"date({date}, ({offset}) || ' days')"

    def day(base: str, offset: str) -> str:
        return shift(f"DATE '{base}'" if vendor == "postgresql" else f"'{base}'", offset)

    def stamp(offset: str) -> str:
        # 09:00 in Vietnam (02:00 UTC) on 2015-01-01 + offset days.
        if vendor == "postgresql":
            return f"(TIMESTAMPTZ '2015-01-01 02:00:00+00' + ({offset}) * INTERVAL '1 day')"
        return f"datetime('2015-01-01 02:00:00', ({offset}) || ' days')"

    def year(date: str) -> str:
        if vendor == "postgresql":
            return f"CAST(EXTRACT(YEAR FROM {date}) AS INTEGER)"
        return f"CAST(strftime('%%Y', {date}) AS INTEGER)"

    first_agency = "(SELECT min(id) FROM agencies_agency WHERE code LIKE 'bench-%%')"
    first_official = "(SELECT min(id) FROM agencies_official)"
    status = (
        "CASE i %% 7 WHEN 0 THEN 'approved' WHEN 1 THEN 'completed' WHEN 2 THEN 'completed' "
        "WHEN 3 THEN 'rejected' WHEN 4 THEN 'withdrawn' WHEN 5 THEN 'submitted' "
        "ELSE 'cancelled' END"
    )
    agency = {"code": "'bench-' || (i + 1)", "name": "'Cơ quan ' || (i + 1)"}
    official = {
        "agency_id": f"{first_agency} + (i %% %(agencies)s)",
        "full_name": "'Cán bộ ' || i",
        "gender": "CASE WHEN i %% 3 = 0 THEN 'female' ELSE 'male' END",
        "position": "'Chuyên viên'",
        "is_key_leader": "(i / %(agencies)s) < 2",
        "service_start_date": day("2000-01-01", "i %% 7000"),
    }
    trip = {
        "kind": "CASE WHEN i %% 5 = 0 THEN 'private' ELSE 'business' END",
        "agency_id": f"{first_agency} + (i %% %(agencies)s)",
        "title": "'Chuyến ' || i",
        "countries": "'JP'",
        "departure_date": day("2015-01-01", "i %% 4700"),
        "return_date": day("2015-01-01", "i %% 4700 + i %% 9"),
        "organiser_type": "'foreign_government'",
        "estimated_cost_vnd": "100000000",
        "status": status,
        "created_by_id": "%(user)s",
        # Submitted 20–49 days before departure; decided (approved, completed or rejected:
        # i %% 7 <= 3) 1–10 days after: the lists and exports see a real province's dates.
        "submitted_at": stamp("i %% 4700 - 20 - i %% 30"),
        "decided_at": f"CASE WHEN i %% 7 <= 3 THEN {stamp('i %% 4700 - 19 - i %% 30 + i %% 10')} "
        "ELSE NULL END",
    }
    # The decision of each approved trip in the register, numbered per year from 1, with a
    # frozen content of about 1 KB, as issued documents carry.
    decision = {
        "year": "t.y", "issuer": "'UBND'", "number": "t.n", "symbol": "t.n || '/QĐ-UBND'",
        "kind": "'decision'", "title": "'Quyết định cử đoàn ' || t.title",
        "issued_on": shift("t.departure_date", "-7"), "signer": "'Chủ tịch UBND tỉnh'",
        "trip_id": "t.id", "content": "'{\"body\": \"" + "nội dung " * 110 + "\"}'",
        "sha256": "'0'", "rendered_at": "%(now)s", "is_signed": "true", "issued_by_id": "%(user)s",
    }  # fmt: skip
    decided = (
        f"FROM (SELECT id, title, departure_date, {year('departure_date')} AS y, "
        f"row_number() OVER (PARTITION BY {year('departure_date')} ORDER BY id) AS n "
        "FROM trips_triprequest WHERE status IN ('approved', 'completed')) t"
    )
    member = {"trip_id": "t.id", "is_head": "true"}
    # Completed business trips: report due 9 days after return; every other one still open
    # (a draft), the rest accepted.
    report = {
        "trip_id": "t.id",
        "due_on": "t.report_due_on",
        "status": "CASE WHEN t.id %% 2 = 0 THEN 'draft' ELSE 'accepted' END",
    }
    return [
        _series("%(agencies)s") + _insert(Agency, agency, "FROM s", defaults),
        _series("%(officials)s") + _insert(Official, official, "FROM s", defaults),
        _series("%(trips)s") + _insert(TripRequest, trip, "FROM s", defaults),
        # Approved trips already back are what the sweep would have completed.
        """UPDATE trips_triprequest SET status = 'completed'
        WHERE status = 'approved' AND return_date < %(today)s""",
        # Two members a trip (head, and another unless the same official comes round).
        _insert(
            TripMember,
            {**member, "official_id": f"{first_official} + ((t.id * 7) %% %(officials)s)"},
            "FROM trips_triprequest t",
            defaults,
        ),
        _insert(
            TripMember,
            {
                **member,
                "is_head": "false",
                "official_id": f"{first_official} + ((t.id * 13 + 1) %% %(officials)s)",
            },
            "FROM trips_triprequest t "
            "WHERE (t.id * 7) %% %(officials)s <> (t.id * 13 + 1) %% %(officials)s",
            defaults,
        ),
        f"""UPDATE trips_triprequest SET report_due_on = {shift("return_date", "9")}
        WHERE kind = 'business' AND status = 'completed'""",
        _insert(
            PostTripReport,
            report,
            "FROM trips_triprequest t WHERE t.kind = 'business' AND t.status = 'completed'",
            defaults,
        ),
        _insert(IssuedDocument, decision, decided, defaults),
        # The numbers given out, so that the next decision of a year takes the next one.
        """INSERT INTO documents_documentcounter (year, issuer, last_number)
        SELECT year, issuer, max(number) FROM documents_issueddocument GROUP BY year, issuer""",
        "ANALYZE",
    ]


def _agency_bodies() -> None:
    """Each generated agency's issuing body, made by its save path (the set-based insert passes
    no signal); nothing for an agency that has one."""
    from agencies.models import Agency
    from authority.services import agency_body_sync

    for agency in Agency.objects.filter(code__startswith="bench-", body=None):
        agency_body_sync(agency=agency)


def fill(*, officials: int, trips: int, agencies: int | None = None, verbose: bool = True):
    """Generated agencies, officials (two key leaders per agency), trips, memberships and
    reports, with set-based SQL that runs on PostgreSQL and SQLite. Does nothing if the
    database already holds that many officials."""
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from agencies.models import Official

    if Official.objects.count() >= officials:
        if verbose:
            print(f"already filled: {Official.objects.count()} officials")
        _agency_bodies()  # a database filled before agencies had bodies
        return
    started = time.perf_counter()
    with transaction.atomic():
        user, _ = User.objects.get_or_create(username="benchmark")
        # A reviewer for the pages, without an email and inactive: the generated history
        # leaves tens of thousands of reports overdue, more than any province would.
        reviewer, _ = User.objects.get_or_create(username="benchmark-reviewer", is_active=False)
        reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
        params = {
            "agencies": agencies or max(officials // 100, 1),
            "officials": officials,
            "trips": trips,
            "user": user.pk,
            "now": timezone.now(),
            "today": TODAY,
        }
        defaults = {}
        statements = _fill_statements(connection.vendor, defaults)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement, {**params, **defaults})
    _agency_bodies()
    if verbose:
        print(
            f"filled {officials} officials and {trips} trips "
            f"in {time.perf_counter() - started:.0f} s"
        )
    # Set-based inserts pass no signal: the statistics' summary tables are counted once, as
    # an operator does after a bulk load (manage.py rebuild_statistics).
    from analytics import summary

    started = time.perf_counter()
    counts = summary.rebuild()
    if verbose:
        print(f"statistics' summary counted in {time.perf_counter() - started:.0f} s: {counts}")


def delegation():
    """The busiest agency's key leader heading a delegation of ten of its officials, each with
    a passport."""
    from agencies.models import Official
    from passports.models import Passport
    from trips.policy.facts import MemberData, TripData

    leader = Official.objects.filter(is_key_leader=True).order_by("id").first()
    members = list(
        Official.objects.filter(agency_id=leader.agency_id).order_by("-is_key_leader", "id")[:10]
    )
    for member in members:
        Passport.objects.get_or_create(
            kind="ordinary",
            number=f"BENCH{member.id}",
            defaults={
                "official": member,
                "issued_on": dt.date(2024, 1, 1),
                "expires_on": dt.date(2034, 1, 1),
            },
        )
    return TripData(
        kind="business",
        agency_id=leader.agency_id,
        departure_date=dt.date(2027, 6, 7),
        return_date=dt.date(2027, 6, 11),
        members=[MemberData(m.id, i == 0) for i, m in enumerate(members)],
        countries=["JP"],
    )


def time_check(data, *, runs: int, warm_up: int = 20) -> dict:
    from django.db import connection
    from django.test.utils import override_settings

    from benchmarks.statements import statements
    from trips import policy

    for _ in range(warm_up):  # warm up connections and caches
        policy.check(data)
    with statements(connection) as queries:
        findings = policy.check(data)
    timings, cpu = [], []
    # Timed as production runs: DEBUG off, no query log (the script starts with DEBUG on,
    # or the settings would ask for every production secret). CPU beside wall: on a shared
    # machine the wall time is mostly waiting.
    with override_settings(DEBUG=False):
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            policy.check(data)
            cpu.append((time.process_time() - cpu_started) * 1000)
            timings.append((time.perf_counter() - started) * 1000)
    return {
        "runs": runs,
        "queries": len(queries),
        "findings": len(findings),
        "median_ms": statistics.median(timings),
        "cpu_median_ms": statistics.median(cpu),
        "p95_ms": statistics.quantiles(timings, n=20)[-1] if runs > 1 else timings[0],
    }


def time_sweep(day: dt.date = TODAY) -> list[dict]:
    """The daily sweep run twice on one day: the second run has nothing to send."""
    from django.db import connection

    from benchmarks.statements import statements
    from portal.sweep import daily_sweep

    figures = []
    for _ in range(2):
        started, cpu = time.perf_counter(), time.process_time()
        with statements(connection) as queries:
            result = daily_sweep(day)
        figures.append(
            {
                "seconds": time.perf_counter() - started,
                "cpu_seconds": time.process_time() - cpu,
                "queries": len(queries),
                "reminders": result.reminders,
                # What earlier runs left (e.g. `make load`'s documents and emails, queued
                # to a broker nobody consumed): the sweep catches up on them.
                "documents_rendered": result.documents_rendered,
                "resent": result.resent,
            }
        )
    return figures


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("EMAIL_URL", "dummymail://")  # the sweep's emails go nowhere

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=50_000)
    parser.add_argument("--trips", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--sweep", action="store_true", help="also time the daily sweep")
    parser.add_argument("--agencies", type=int, default=None, help="default: one per 100 officials")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    ensure_database(url)

    import django

    django.setup()
    import logging

    from django.core.management import call_command

    logging.getLogger("celery").setLevel(logging.WARNING)  # one line per email sent otherwise

    call_command("migrate", verbosity=0)
    run(
        officials=args.officials,
        trips=args.trips,
        runs=args.runs,
        sweep=args.sweep,
        agencies=args.agencies,
        goals=True,
    )


def run(
    *,
    officials: int,
    trips: int,
    runs: int,
    sweep: bool,
    agencies: int | None = None,
    warm_up: int = 20,
    out=print,
    goals: bool = False,
) -> dict:
    """Fill (once), time the check, and the sweep if asked; report with `out`. The command
    line and the suite's tiny run both come through here."""
    from reports.models import PostTripReport
    from trips.models import TripMember

    fill(officials=officials, trips=trips, agencies=agencies, verbose=out is print)
    data = delegation()
    history = TripMember.objects.filter(official_id__in=data.member_ids).count()
    figures = time_check(data, runs=runs, warm_up=warm_up)
    out(
        f"check of a {len(data.members)}-member delegation ({history} past memberships of its "
        f"members, {figures['findings']} findings, {figures['queries']} queries), "
        f"{runs} runs: median {figures['median_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms "
        f"(CPU median {figures['cpu_median_ms']:.2f} ms)"
    )
    if goals:  # issue 26's pages, exports and chain steps, before the sweep (benchmarks/goals.py)
        from benchmarks import goals as issue_goals

        issue_goals.check_goal(figures)
        issue_goals.pages(out, runs=min(runs, 20))
        issue_goals.chain(out, data, runs=min(runs, issue_goals.CHAIN_RUNS))
        issue_goals.reset_sweep_state(TODAY)
    try:
        figures["sweeps"] = time_sweep() if sweep else []
    finally:
        if goals:
            issue_goals.restore_sweep_state()
    if figures["sweeps"]:
        open_reports = PostTripReport.objects.filter(status__in=["draft", "returned"]).count()
        for label, result in zip(["first", "second"], figures["sweeps"], strict=True):
            out(
                f"daily sweep on {TODAY:%d/%m/%Y}, {open_reports} open reports, {label} run: "
                f"{result['seconds']:.2f} s ({result['cpu_seconds']:.2f} s CPU), "
                f"{result['queries']} queries, "
                f"{result['reminders']} reminders, {result['documents_rendered']} documents "
                f"rendered, {result['resent']} emails re-queued"
            )
    if goals:
        if figures["sweeps"]:
            issue_goals.sweep_goals(figures["sweeps"])
        issue_goals.table(out)
    return figures


if __name__ == "__main__":
    main()
