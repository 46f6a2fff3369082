"""Load benchmark: gunicorn with production settings on a big PostgreSQL database, and a small
threaded client on the loopback measuring six requests side by side in one run.

Run on purpose (`make load`), never in the suite at this size:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python benchmarks/load.py [--officials 50000] [--trips 500000] \
        [--requests 200] [--seconds 30] [--clients 4] [--workers 2]

It creates and migrates the database if needed and fills it once with the generated province
of benchmarks/policy_check.py (imported, not copied); each run works on a copy of it, dropped
afterwards, so that what a run writes never skews the next. It then starts gunicorn
(deploy/gunicorn.conf.py, DEBUG off, the given number of sync workers) on a free loopback
port, and for each of: a trivial page (the sign-in page), the staff trip list, the reviewer
queue, `POST /api/v1/trips/check/` (a 10-member delegation), submit and approve (each a
different prepared trip), sends at most --requests requests in at most --seconds seconds
from --clients threads, and prints requests/s, p50/p95 latency, and the CPU that gunicorn's
processes and PostgreSQL's backends spent per request (read from /proc), each also as a ratio
to the trivial page. Only 127.0.0.1 is ever contacted; every loop is bounded in count and
time; gunicorn is stopped whatever happens.

With CELERY_BROKER_URL set, the notification emails are queued on that Redis database (no
worker consumes them: the queue is emptied afterwards); without it they run in-process.
A tiny version runs in the test suite (travelmgmt/tests/test_load_benchmark.py).

This module is the run and its report; the server is benchmarks/load_server.py, the client and
its meters benchmarks/load_client.py, the prepared logins and trips benchmarks/load_data.py.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.load_client import Call, measure, request  # noqa: E402
from benchmarks.load_data import prepare  # noqa: E402
from benchmarks.load_server import (  # noqa: E402
    Gunicorn,
    free_port,
    key_the_agency,
    server_environment,
)


def run_load(
    *,
    database_url: str,
    database_name: str,
    secret_key: str,
    broker_url: str | None,
    requests: int,
    seconds: float,
    clients: int,
    workers: int,
    warm: int = 2,
    port: int = 0,
) -> list[dict]:
    """Prepare, start gunicorn, measure the six requests one after the other, stop gunicorn.
    Returns one dict per request kind (see Result.as_dict)."""
    fixtures = prepare(drafts=requests, warm=warm)
    staff_api = {"Authorization": f"Token {fixtures.staff_token}"}
    head_api = {"Authorization": f"Token {fixtures.head_token}"}
    staff_page = {"Cookie": fixtures.staff_cookie}
    reviewer_page = {"Cookie": fixtures.reviewer_cookie}

    def repeat(call):
        return [call] * requests

    def submit(ids):
        return [Call("POST", f"/api/v1/trips/{pk}/submit/", None, staff_api) for pk in ids]

    def approve(ids):
        return [Call("POST", f"/api/v1/trips/{pk}/approve/", {"note": ""}, head_api) for pk in ids]

    plan = [
        ("trivial page (sign-in)", lambda: repeat(Call("GET", "/dang-nhap/")), None),
        ("staff trip list", lambda: repeat(Call("GET", "/ho-so/", None, staff_page)), None),
        (
            "reviewer queue",
            lambda: repeat(Call("GET", "/ho-so/tham-dinh/", None, reviewer_page)),
            None,
        ),
        (
            "POST trips/check/ (10 members)",
            lambda: repeat(Call("POST", "/api/v1/trips/check/", fixtures.check_body, staff_api)),
            None,
        ),
        ("POST trips/{id}/submit/", lambda: submit(fixtures.drafts), submit),
        ("POST trips/{id}/approve/", lambda: approve(fixtures.drafts), approve),
    ]
    from django.db import connection

    with connection.cursor() as cursor:  # this process's own backend is not the server's
        cursor.execute("SELECT pg_backend_pid()")
        own_backend = cursor.fetchone()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="travelmgmt-load-") as folder:
        env = server_environment(
            database_url=database_url,
            secret_key=secret_key,
            broker_url=broker_url,
            port=port or free_port(),
            workers=workers,
            folder=Path(folder),
        )
        from accounts.models import User

        key_the_agency(
            User.objects.get(username="load-staff").agency,
            folder=Path(folder),
            secret_key=secret_key,
        )
        with Gunicorn(env, Path(folder)) as server:
            for name, calls, warm_up in plan:
                # Warm every worker (imports, connections, caches) before measuring.
                warming = warm_up(fixtures.warm_drafts) if warm_up else calls()[: 2 * workers]
                for call in warming:
                    try:
                        request(server.port, call)
                    except OSError:  # too slow to answer: the measurement will say so
                        pass
                result = measure(
                    server,
                    name,
                    calls(),
                    expect=200,
                    clients=clients,
                    seconds=seconds,
                    database_name=database_name,
                    exclude=[own_backend],
                )
                results.append(result.as_dict())
    return results


def print_table(results, *, title):
    base = results[0]
    print(f"\n{title}")
    header = (
        f"{'request':<32} {'n':>5} {'req/s':>7} {'× triv':>7} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'app CPU ms':>10} {'db CPU ms':>9} {'CPU × triv':>10} {'KB':>7}"
    )
    print(header)
    print("-" * len(header))
    base_cpu = base["app_cpu_ms"] + base["db_cpu_ms"]
    for r in results:
        cpu = r["app_cpu_ms"] + r["db_cpu_ms"]
        ratio = r["per_second"] / base["per_second"] if base["per_second"] else 0
        print(
            f"{r['name']:<32} {r['requests']:>5} {r['per_second']:>7.1f} {ratio:>7.2f} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} {r['app_cpu_ms']:>10.1f} "
            f"{r['db_cpu_ms']:>9.1f} {cpu / base_cpu if base_cpu else 0:>10.1f} "
            f"{r['page_kb']:>7.1f}"
        )
        if r["errors"]:
            print(f"{'':<32} errors: {r['errors']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=50_000)
    parser.add_argument("--trips", type=int, default=500_000)
    parser.add_argument("--requests", type=int, default=200, help="at most, per request kind")
    parser.add_argument("--seconds", type=float, default=30, help="at most, per request kind")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument("--port", type=int, default=0, help="gunicorn's port (0: a free one)")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database for the load benchmark.")
    # This process and gunicorn share the secret key: the sessions made here sign in there.
    secret_key = "load-" + secrets.token_urlsafe(64)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="travelmgmt.settings",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
    )
    broker_url = os.environ.get("CELERY_BROKER_URL") or None
    # The generated province of the policy benchmark (engineer "perf" keeps it in step with
    # the schema; a tiny run of it is in the suite).
    from benchmarks.policy_check import database_copy, ensure_database, fill

    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    fill(officials=args.officials, trips=args.trips)
    # The run on a copy of the filled database, dropped afterwards: the trips it submits and
    # approves, their documents and emails never skew the next run (nor a sweep).
    with database_copy(url) as run_url:
        connection.settings_dict["NAME"] = urlparse(run_url).path.lstrip("/")
        results = run_load(
            database_url=run_url,
            database_name=connection.settings_dict["NAME"],
            secret_key=secret_key,
            broker_url=broker_url,
            requests=args.requests,
            seconds=args.seconds,
            clients=args.clients,
            workers=args.workers,
            port=args.port,
        )
    if broker_url:  # nobody consumes the queued emails of this run
        from travelmgmt.celery import app

        app.control.purge()
    cores = os.cpu_count()
    print_table(
        results,
        title=(
            f"gunicorn {args.workers} sync workers, DEBUG off, PostgreSQL; {args.clients} client "
            f"threads on the loopback; {cores} cores; at most {args.requests} requests or "
            f"{args.seconds:.0f} s per row. CPU = gunicorn + PostgreSQL per request."
        ),
    )
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
