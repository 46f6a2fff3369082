"""Benchmark: how long the rules take to check a 10-member delegation against a big history.

Run on purpose, never in the test suite:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_bench \
        .venv/bin/python benchmarks/policy_check.py [--officials 50000] [--trips 500000] [--runs 300]

It creates the database if needed, migrates it, fills it once with generated officials and
past trips (two members each) using set-based SQL, then times `trips.policy.check` and prints
the median and the 95th percentile.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")
os.environ.setdefault("DEBUG", "true")


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


FILL_SQL = """
INSERT INTO agencies_agency (code, name, kind, is_active)
SELECT 'bench-' || a, 'Cơ quan ' || a, 'department', true FROM generate_series(1, %(agencies)s) a;

INSERT INTO agencies_official (agency_id, full_name, gender, position, is_key_leader,
    leave_base_days, service_start_date, email, is_active)
SELECT (SELECT min(id) FROM agencies_agency WHERE code LIKE 'bench-%%') + (i %% %(agencies)s),
       'Cán bộ ' || i, CASE WHEN i %% 3 = 0 THEN 'female' ELSE 'male' END, 'Chuyên viên',
       (i / %(agencies)s) < 2, 12, DATE '2000-01-01' + (i %% 7000), '', true
FROM generate_series(0, %(officials)s - 1) i;

INSERT INTO trips_triprequest (kind, agency_id, title, purpose, countries, departure_date,
    return_date, inviter, organiser_type, funded_by_enterprise,
    named_invitation_by_foreign_enterprise, involves_commitment, mandate_reference,
    estimated_cost_vnd, justifications, status, findings, created_by_id, created_at, updated_at)
SELECT CASE WHEN i %% 5 = 0 THEN 'private' ELSE 'business' END,
       (SELECT min(id) FROM agencies_agency WHERE code LIKE 'bench-%%') + (i %% %(agencies)s),
       'Chuyến ' || i, '', 'JP', DATE '2015-01-01' + (i %% 4700),
       DATE '2015-01-01' + (i %% 4700) + (i %% 9), '', 'foreign_government', false, false,
       false, '', 100000000, '{}',
       (ARRAY['approved','completed','completed','rejected','withdrawn','submitted','cancelled'])[1 + i %% 7],
       '[]', %(user)s, now(), now()
FROM generate_series(0, %(trips)s - 1) i;

INSERT INTO trips_tripmember (trip_id, official_id, is_head)
SELECT t.id, o.first + ((t.id * 7) %% %(officials)s), true
FROM trips_triprequest t, (SELECT min(id) AS first FROM agencies_official) o
UNION ALL
SELECT t.id, o.first + ((t.id * 13 + 1) %% %(officials)s), false
FROM trips_triprequest t, (SELECT min(id) AS first FROM agencies_official) o
WHERE (t.id * 7) %% %(officials)s <> (t.id * 13 + 1) %% %(officials)s;

ANALYZE;
"""


def fill(officials: int, trips: int) -> None:
    from django.db import connection

    from accounts.models import User
    from agencies.models import Official

    if Official.objects.count() >= officials:
        print(f"already filled: {Official.objects.count()} officials")
        return
    user, _ = User.objects.get_or_create(username="benchmark")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            FILL_SQL,
            {"agencies": officials // 100, "officials": officials, "trips": trips, "user": user.pk},
        )
    print(
        f"filled {officials} officials and {trips} trips in {time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=50_000)
    parser.add_argument("--trips", type=int, default=500_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the benchmark.")
    ensure_database(url)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(args.officials, args.trips)

    import datetime as dt

    from agencies.models import Official
    from passports.models import Passport
    from trips import policy
    from trips.models import TripMember
    from trips.policy.facts import MemberData, TripData

    # The busiest agency's key leader heads a delegation of ten of its officials.
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
    history = TripMember.objects.filter(official__in=members).count()
    data = TripData(
        kind="business",
        agency_id=leader.agency_id,
        departure_date=dt.date(2027, 6, 7),
        return_date=dt.date(2027, 6, 11),
        members=[MemberData(m.id, i == 0) for i, m in enumerate(members)],
        countries=["JP"],
    )
    for _ in range(20):  # warm up connections and caches
        policy.check(data)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        findings = policy.check(data)
        timings.append((time.perf_counter() - started) * 1000)
    p95 = statistics.quantiles(timings, n=20)[-1]
    print(
        f"check of a {len(members)}-member delegation ({history} past memberships of its members, "
        f"{len(findings)} findings), {args.runs} runs: "
        f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"
    )


if __name__ == "__main__":
    main()
