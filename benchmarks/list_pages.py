"""Benchmark: the reviewers' queue (`/ho-so/tham-dinh/`) and the staff trip list (`/ho-so/`)
rendered in-process on the province filled by benchmarks/policy_check.py (issue 17).

    make list-pages     # = DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_pages \
                        #   .venv/bin/python benchmarks/list_pages.py [--runs 30]
    (a database of its own, filled once as policy_check.py fills its own)

Signs in as the fill's `benchmark-reviewer` (active only while measured, inactive again
after, so that no later sweep mails it) and as `bench-staff`, staff of the agency with the longest
history (made here), and prints for each page: median and p95 ms, queries, each query's time,
`EXPLAIN ANALYZE` of the slow ones (`--explain`) and the page's size. The app's CPU time
(this process, not PostgreSQL's) is printed too: on a shared machine the wall time is noisy. DEBUG is off, as in production.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

SLOW_MS = 5.0

PAGES = [
    # (label, user, url name, query string)
    ("queue", "reviewer", "trips:queue", {}),
    ("queue, page after the first", "reviewer", "trips:queue", "next"),
    ("queue, one agency", "reviewer", "trips:queue", "agency"),
    ("queue, a year", "reviewer", "trips:queue", {"year": "2027"}),
    ("staff list", "staff", "trips:list", {}),
    ("staff list, page after the first", "staff", "trips:list", "next"),
    ("the province's list (a reviewer)", "reviewer", "trips:list", {}),
    # The agency filter's search-as-you-type, and a yardstick: about the least a page costs.
    ("agency search", "reviewer", "trips:agencies", {"q": "Cơ quan 12"}),
]


def _production_like_environment() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "travelmgmt.settings")
    os.environ["DEBUG"] = "false"
    os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOG_LEVEL", "WARNING")


def users():
    from django.contrib.auth.models import Group
    from django.db.models import Count

    from accounts.models import User
    from accounts.roles import Role
    from trips.models import TripRequest

    reviewer = User.objects.get(username="benchmark-reviewer")
    if not reviewer.is_active:
        User.objects.filter(pk=reviewer.pk).update(is_active=True)
    busiest = TripRequest.objects.values("agency").annotate(n=Count("id")).order_by("-n", "agency")
    agency_id = busiest.first()["agency"]
    staff, _ = User.objects.get_or_create(username="bench-staff", defaults={"agency_id": agency_id})
    User.objects.filter(pk=staff.pk).update(is_active=True)  # inactive again after the run
    staff.groups.add(Group.objects.get(name=Role.AGENCY_STAFF))
    return {"reviewer": User.objects.get(pk=reviewer.pk), "staff": staff}, agency_id


def _next_link(html: str) -> dict | None:
    """The query string of the page's "next" link (whatever the paginator calls it)."""
    import re
    from html import unescape
    from urllib.parse import parse_qsl

    found = re.search(r'href="\?([^"]*)"[^>]*>\s*Trang sau', html)
    if not found:
        return None
    return dict(parse_qsl(unescape(found.group(1))))


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}".replace("%", "%%"), [])
        return "\n".join(row[0] for row in cursor.fetchall())


def measure(client, url: str, params: dict, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm the caches (templates, plans, buffers)
        assert client.get(url, params).status_code == 200
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200
    connection.queries_log.clear()  # Django keeps 9 000: a full log would capture nothing
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return times, cpu, list(queries), response.content


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    _production_like_environment()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE slow queries")
    parser.add_argument("--officials", type=int, default=50_000)
    parser.add_argument("--trips", type=int, default=500_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of this benchmark's own.")
    from benchmarks.policy_check import ensure_database, fill

    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(officials=args.officials, trips=args.trips)
    from django.conf import settings
    from django.test import Client

    # The hashed names of the static files need `collectstatic`; the page is the same without.
    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = storages
    logins, agency_id = users()
    try:
        clients = {}
        for persona, user in logins.items():
            clients[persona] = Client()
            clients[persona].force_login(user)
        _measure_pages(clients, agency_id, args)
    finally:
        # Active only while measured: an active reviewer or staff would get (and make a later
        # sweep send) the reminders of the generated province's tens of thousands of reports.
        from accounts.models import User

        User.objects.filter(pk__in=[u.pk for u in logins.values()]).update(is_active=False)


def _measure_pages(clients, agency_id, args) -> None:
    from django.urls import reverse

    for label, persona, url_name, params in PAGES:
        url = reverse(url_name)
        client = clients[persona]
        if params == "next":
            params = _next_link(client.get(url).content.decode())
            if params is None:
                print(f"\n{label}: no next page")
                continue
        elif params == "agency":
            params = {"agency": str(agency_id)}
        times, cpu, queries, content = measure(client, url, params, args.runs)
        p95 = statistics.quantiles(times, n=20)[-1]
        print(
            f"\n{label} {url} {params}: median {statistics.median(times):.1f} ms, "
            f"p95 {p95:.1f} ms, app CPU median {statistics.median(cpu):.1f} ms, "
            f"{len(queries)} queries, {len(content) / 1024:.1f} KB"
        )
        for query in queries:
            ms = float(query["time"]) * 1000
            print(f"  {ms:7.2f} ms  {query['sql'][:150]}")
            if args.explain and ms >= SLOW_MS and query["sql"].startswith("SELECT"):
                print("    " + explain(query["sql"]).replace("\n", "\n    "))


if __name__ == "__main__":
    main()
