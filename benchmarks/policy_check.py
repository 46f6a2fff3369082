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
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

# The day the generated history is seen from (a Wednesday): approved trips that are back by
# then are generated completed, as the sweep would have left them.
TODAY = dt.date(2026, 12, 2)


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = psycopg2.connect(url.replace(f"/{name}", "/postgres", 1))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _series(bound: str) -> str:
    # Portable (PostgreSQL and SQLite): a recursive CTE numbering 0 .. bound - 1.
    return f"WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i + 1 < {bound}) "


def _fill_statements(vendor: str) -> list[str]:
    def shift(date: str, offset: str) -> str:
        if vendor == "postgresql":
            return f"({date} + ({offset}))"
        return f"date({date}, '+' || ({offset}) || ' days')"

    def day(base: str, offset: str) -> str:
        return shift(f"DATE '{base}'" if vendor == "postgresql" else f"'{base}'", offset)

    first_agency = "(SELECT min(id) FROM agencies_agency WHERE code LIKE 'bench-%%')"
    first_official = "(SELECT min(id) FROM agencies_official)"
    status = (
        "CASE i %% 7 WHEN 0 THEN 'approved' WHEN 1 THEN 'completed' WHEN 2 THEN 'completed' "
        "WHEN 3 THEN 'rejected' WHEN 4 THEN 'withdrawn' WHEN 5 THEN 'submitted' "
        "ELSE 'cancelled' END"
    )
    return [
        _series("%(agencies)s")
        + """INSERT INTO agencies_agency (code, name, kind, is_active)
        SELECT 'bench-' || (i + 1), 'Cơ quan ' || (i + 1), 'department', true FROM s""",
        _series("%(officials)s")
        + f"""INSERT INTO agencies_official (agency_id, full_name, gender, position,
            is_key_leader, leave_base_days, service_start_date, email, is_active)
        SELECT {first_agency} + (i %% %(agencies)s), 'Cán bộ ' || i,
               CASE WHEN i %% 3 = 0 THEN 'female' ELSE 'male' END, 'Chuyên viên',
               (i / %(agencies)s) < 2, 12, {day("2000-01-01", "i %% 7000")}, '', true
        FROM s""",
        _series("%(trips)s")
        + f"""INSERT INTO trips_triprequest (kind, agency_id, title, purpose, countries,
            departure_date, return_date, inviter, organiser_type, funded_by_enterprise,
            named_invitation_by_foreign_enterprise, involves_commitment, mandate_reference,
            estimated_cost_vnd, justifications, status, findings, finding_codes,
            created_by_id, created_at, updated_at)
        SELECT CASE WHEN i %% 5 = 0 THEN 'private' ELSE 'business' END,
               {first_agency} + (i %% %(agencies)s), 'Chuyến ' || i, '', 'JP',
               {day("2015-01-01", "i %% 4700")}, {day("2015-01-01", "i %% 4700 + i %% 9")},
               '', 'foreign_government', false, false, false, '', 100000000, '{{}}',
               {status}, '[]', '', %(user)s, %(now)s, %(now)s
        FROM s""",
        # Approved trips already back are what the sweep would have completed.
        """UPDATE trips_triprequest SET status = 'completed'
        WHERE status = 'approved' AND return_date < %(today)s""",
        f"""INSERT INTO trips_tripmember (trip_id, official_id, is_head)
        SELECT t.id, {first_official} + ((t.id * 7) %% %(officials)s), true
        FROM trips_triprequest t
        UNION ALL
        SELECT t.id, {first_official} + ((t.id * 13 + 1) %% %(officials)s), false
        FROM trips_triprequest t
        WHERE (t.id * 7) %% %(officials)s <> (t.id * 13 + 1) %% %(officials)s""",
        # Completed business trips: report due 9 days after return; every other one still
        # open (a draft), the rest accepted.
        f"""UPDATE trips_triprequest SET report_due_on = {shift("return_date", "9")}
        WHERE kind = 'business' AND status = 'completed'""",
        """INSERT INTO reports_posttripreport (trip_id, due_on, status, summary, outcomes,
            agreements, follow_up, working_days_late)
        SELECT t.id, t.report_due_on,
               CASE WHEN t.id %% 2 = 0 THEN 'draft' ELSE 'accepted' END, '', '', '', '', 0
        FROM trips_triprequest t
        WHERE t.kind = 'business' AND t.status = 'completed'""",
        "ANALYZE",
    ]


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
        with connection.cursor() as cursor:
            for statement in _fill_statements(connection.vendor):
                cursor.execute(statement, params)
    if verbose:
        print(
            f"filled {officials} officials and {trips} trips "
            f"in {time.perf_counter() - started:.0f} s"
        )


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
    from django.test.utils import CaptureQueriesContext

    from trips import policy

    for _ in range(warm_up):  # warm up connections and caches
        policy.check(data)
    with CaptureQueriesContext(connection) as queries:
        findings = policy.check(data)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        policy.check(data)
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "runs": runs,
        "queries": len(queries),
        "findings": len(findings),
        "median_ms": statistics.median(timings),
        "p95_ms": statistics.quantiles(timings, n=20)[-1] if runs > 1 else timings[0],
    }


def time_sweep(day: dt.date = TODAY) -> list[dict]:
    """The daily sweep run twice on one day: the second run has nothing to send."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.sweep import daily_sweep

    figures = []
    for _ in range(2):
        connection.queries_log.clear()  # a full log (9 000) would count nothing
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            result = daily_sweep(day)
        figures.append(
            {
                "seconds": time.perf_counter() - started,
                "queries": len(queries),
                "reminders": result.reminders,
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

    from trips.models import TripMember

    call_command("migrate", verbosity=0)
    fill(officials=args.officials, trips=args.trips)
    data = delegation()
    history = TripMember.objects.filter(official_id__in=data.member_ids).count()
    figures = time_check(data, runs=args.runs)
    print(
        f"check of a {len(data.members)}-member delegation ({history} past memberships of its "
        f"members, {figures['findings']} findings, {figures['queries']} queries), "
        f"{args.runs} runs: median {figures['median_ms']:.2f} ms, p95 {figures['p95_ms']:.2f} ms"
    )
    if args.sweep:
        from reports.models import PostTripReport

        open_reports = PostTripReport.objects.filter(status__in=["draft", "returned"]).count()
        for label, run in zip(["first", "second"], time_sweep(), strict=True):
            print(
                f"daily sweep on {TODAY:%d/%m/%Y}, {open_reports} open reports, {label} run: "
                f"{run['seconds']:.2f} s, {run['queries']} queries, {run['reminders']} reminders"
            )


if __name__ == "__main__":
    main()
