"""Load benchmark: gunicorn with production settings on a big PostgreSQL database, and a small
threaded client on the loopback measuring six requests side by side in one run.

Run on purpose (`make load`), never in the suite at this size:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \
        .venv/bin/python benchmarks/load.py [--officials 50000] [--trips 500000] \
        [--requests 200] [--seconds 30] [--clients 4] [--workers 2]

It creates and migrates the database if needed and fills it once with the generated province
of benchmarks/policy_check.py (imported, not copied). It then starts gunicorn
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
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A departure after every generated trip (the fill's history ends in 2027): the prepared trips
# meet no quota and no leader overlap, only the warnings a clean request gets.
DEPARTURE = dt.date(2028, 3, 6)


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_environment(*, database_url, secret_key, broker_url, port, workers, folder):
    """Production settings for gunicorn: DEBUG off, the proxy's headers trusted from the
    loopback (the client sends X-Forwarded-Proto as nginx does)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_", "PYTEST", "CELERY_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="travelmgmt.settings",
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        CELERY_BROKER_URL=broker_url or "",
        # Without a broker the tasks run in-process, which production refuses unless told.
        ALLOW_EMBEDDED_PRODUCTION="false" if broker_url else "true",
        EMAIL_URL="consolemail://",
        LOG_LEVEL="WARNING",
        STATIC_ROOT=str(folder / "static"),
        MEDIA_ROOT=str(folder / "media"),
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS=str(workers),
        GUNICORN_ACCESS_LOG=str(folder / "access.log"),
        GUNICORN_ERROR_LOG=str(folder / "error.log"),
        # Recycling a worker in the middle of a measurement would count its start-up.
        GUNICORN_MAX_REQUESTS="0",
        PYTHONUNBUFFERED="1",
    )
    return env


class Gunicorn:
    """gunicorn in its own process group, stopped (TERM, then KILL) on exit."""

    def __init__(self, env, folder: Path):
        self.env, self.folder = env, folder
        self.port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
        self.process = None

    def __enter__(self):
        python = sys.executable
        subprocess.run(
            [python, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        gunicorn = str(Path(python).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "travelmgmt.wsgi"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start: {self.error_log()}")
            try:
                if request(self.port, Call("GET", "/dang-nhap/"))[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in 60 s: {self.error_log()}")

    def __exit__(self, *exc):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def error_log(self) -> str:
        path = self.folder / "error.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def pids(self) -> list[int]:
        """The master and its workers (the process group)."""
        group = os.getpgid(self.process.pid)
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if os.getpgid(int(entry.name)) == group:
                        found.append(int(entry.name))
                except OSError:
                    continue
        return found


def cpu_of(pid) -> float | None:
    """User + system CPU seconds of one process so far (None once it has ended)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def database_backends(database_name, *, exclude=()) -> list[int]:
    """PostgreSQL backends (same machine) connected to this database, from their titles."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in exclude:
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if title.startswith("postgres: ") and f" {database_name} " in title:
            found.append(int(entry.name))
    return found


class CpuMeter:
    """CPU spent by a changing set of processes during a measurement: sampled every 0.2 s,
    so that a worker or a database connection that ends (CONN_MAX_AGE) or starts midway
    still counts (up to its last sample)."""

    def __init__(self, find_pids):
        self.find_pids = find_pids
        self.start, self.last = {}, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def _sample(self, *, first=False):
        for pid in self.find_pids():
            cpu = cpu_of(pid)
            if cpu is None:
                continue
            if first:
                self.start[pid] = cpu
            self.last[pid] = cpu

    def _loop(self):
        while not self.stop.wait(0.2):
            self._sample()

    def __enter__(self):
        self._sample(first=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self._sample()

    @property
    def seconds(self) -> float:
        return sum(cpu - self.start.get(pid, 0.0) for pid, cpu in self.last.items())


# --- the client -----------------------------------------------------------------------------


@dataclasses.dataclass
class Call:
    method: str
    path: str
    body: dict | None = None
    headers: dict = dataclasses.field(default_factory=dict)


def request(port, call: Call):
    headers = {
        "Host": "127.0.0.1",
        "X-Forwarded-Proto": "https",
        "X-Forwarded-For": "127.0.0.1",
        **call.headers,
    }
    data = None
    if call.body is not None:
        data = json.dumps(call.body).encode()
        headers["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(call.method, call.path, body=data, headers=headers)
        response = connection.getresponse()
        payload = response.read()
    finally:
        connection.close()
    return response.status, payload


@dataclasses.dataclass
class Result:
    name: str
    count: int
    errors: dict
    seconds: float
    latencies: list
    app_cpu: float
    db_cpu: float
    page_bytes: int

    @property
    def attempts(self):
        return self.count + sum(self.errors.values())

    @property
    def per_second(self):
        return self.count / self.seconds if self.seconds else 0.0

    def percentile(self, q):
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else 0.0
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[q - 1]

    def as_dict(self):
        return {
            "name": self.name,
            "requests": self.count,
            "errors": {str(k): v for k, v in self.errors.items()},
            "per_second": self.per_second,
            "p50_ms": self.percentile(50) * 1000,
            "p95_ms": self.percentile(95) * 1000,
            # Per request sent (answered or not): a request that timed out cost CPU too.
            "app_cpu_ms": self.app_cpu / max(self.attempts, 1) * 1000,
            "db_cpu_ms": self.db_cpu / max(self.attempts, 1) * 1000,
            "page_kb": self.page_bytes / 1024,
        }


def measure(server, name, calls, *, expect, clients, seconds, database_name, exclude=()) -> Result:
    """Send `calls` (at most all of them, for at most `seconds`) from `clients` threads."""
    pending = iter(calls)
    lock = threading.Lock()
    latencies, errors, sizes = [], {}, []
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            with lock:
                call = next(pending, None)
            if call is None:
                return
            started = time.perf_counter()
            try:
                status, payload = request(server.port, call)
            except OSError as error:
                status, payload = type(error).__name__, b""
            elapsed = time.perf_counter() - started
            with lock:
                if status == expect:
                    latencies.append(elapsed)
                    sizes.append(len(payload))
                else:
                    errors[status] = errors.get(status, 0) + 1
                    if len(errors) == 1 and errors[status] == 1:
                        print(f"  {name}: {status} {payload[:300]!r}", flush=True)

    mine = set(exclude)
    app = CpuMeter(server.pids)
    db = CpuMeter(lambda: database_backends(database_name, exclude=mine))
    started = time.perf_counter()
    with app, db, concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    elapsed = time.perf_counter() - started
    return Result(
        name=name,
        count=len(latencies),
        errors=errors,
        seconds=elapsed,
        latencies=sorted(latencies),
        app_cpu=app.seconds,
        db_cpu=db.seconds,
        page_bytes=int(statistics.median(sizes)) if sizes else 0,
    )


# --- the data -------------------------------------------------------------------------------


@dataclasses.dataclass
class Fixtures:
    staff_cookie: str
    reviewer_cookie: str
    staff_token: str
    reviewer_token: str
    check_body: dict
    drafts: list  # trip ids, ready to submit (warnings justified)
    warm_drafts: list


def _session_cookie(user) -> str:
    """A signed-in browser session, made as the test client does (stored in the database)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def prepare(*, drafts: int, warm: int) -> Fixtures:
    """Logins for the busiest agency's staff and a reviewer, the delegation `check` sends, and
    `drafts + warm` trips of two new officials each, saved and justified through the services
    (each submitted once, then approved once, during the run)."""
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import Role
    from agencies.models import Agency, Official
    from passports.models import Passport
    from trips import services
    from trips.models import TripRequest
    from trips.policy.facts import MemberData

    # The agency with the longest history: its staff list is the heaviest.
    busiest = TripRequest.objects.values("agency").annotate(n=Count("id")).order_by("-n").first()
    agency = (
        Agency.objects.get(pk=busiest["agency"])
        if busiest
        else Agency.objects.order_by("id").first()
    )
    staff, _ = User.objects.get_or_create(
        username="load-staff", defaults={"agency": agency, "email": "load-staff@bench.invalid"}
    )
    staff.groups.add(Group.objects.get(name=Role.AGENCY_STAFF))
    reviewer, _ = User.objects.get_or_create(
        username="load-reviewer", defaults={"email": "load-reviewer@bench.invalid"}
    )
    reviewer.groups.add(Group.objects.get(name=Role.REVIEWER))
    agency = staff.agency

    # The delegation of the check: the agency's key leader heading ten of its officials.
    members = list(Official.objects.filter(agency=agency).order_by("-is_key_leader", "id")[:10])
    run = secrets.token_hex(3)
    people = Official.objects.bulk_create(
        Official(
            agency=agency,
            full_name=f"Cán bộ tải {run} {i}",
            gender=Official.Gender.MALE,
            position="Chuyên viên",
            service_start_date=dt.date(2010, 1, 1),
            leave_base_days=12,
        )
        for i in range(2 * (drafts + warm))
    )
    Passport.objects.bulk_create(
        Passport(
            official=person,
            kind=Passport.Kind.OFFICIAL,
            number=f"L{run}{person.pk}",
            issued_on=dt.date(2025, 1, 1),
            expires_on=dt.date(2035, 1, 1),
        )
        for person in [*people, *members]
        if not Passport.objects.filter(official=person).exists()
    )
    fields = {
        "kind": "business",
        "title": "Đoàn khảo sát (benchmark)",
        "purpose": "Đo tải",
        "countries": ["JP"],
        "departure_date": DEPARTURE,
        "return_date": DEPARTURE + dt.timedelta(days=4),
        "inviter": "Tỉnh Kanagawa",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
    }
    trip_ids = []
    for pair in range(drafts + warm):
        head, other = people[2 * pair], people[2 * pair + 1]
        trip = services.trip_save_draft(
            actor=staff,
            fields={**fields, "title": f"Đoàn khảo sát {run}-{pair} (benchmark)"},
            members=[MemberData(head.pk, True), MemberData(other.pk, False)],
        )
        blocks = [f["code"] for f in trip.findings if f["severity"] == "block"]
        if blocks:
            raise RuntimeError(f"a prepared trip is blocked: {blocks}")
        trip.justifications = {f["code"]: "Đo tải." for f in trip.findings}
        trip.save(update_fields=["justifications"])
        trip_ids.append(trip.pk)
    check_body = {
        **{k: v.isoformat() if isinstance(v, dt.date) else v for k, v in fields.items()},
        "members": [{"official": m.pk, "is_head": i == 0} for i, m in enumerate(members)],
    }
    return Fixtures(
        staff_cookie=_session_cookie(staff),
        reviewer_cookie=_session_cookie(reviewer),
        staff_token=Token.objects.get_or_create(user=staff)[0].key,
        reviewer_token=Token.objects.get_or_create(user=reviewer)[0].key,
        check_body=check_body,
        drafts=trip_ids[warm:],
        warm_drafts=trip_ids[:warm],
    )


# --- one run --------------------------------------------------------------------------------


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
) -> list[dict]:
    """Prepare, start gunicorn, measure the six requests one after the other, stop gunicorn.
    Returns one dict per request kind (see Result.as_dict)."""
    fixtures = prepare(drafts=requests, warm=warm)
    staff_api = {"Authorization": f"Token {fixtures.staff_token}"}
    reviewer_api = {"Authorization": f"Token {fixtures.reviewer_token}"}
    staff_page = {"Cookie": fixtures.staff_cookie}
    reviewer_page = {"Cookie": fixtures.reviewer_cookie}

    def repeat(call):
        return [call] * requests

    def submit(ids):
        return [Call("POST", f"/api/v1/trips/{pk}/submit/", None, staff_api) for pk in ids]

    def approve(ids):
        return [
            Call("POST", f"/api/v1/trips/{pk}/approve/", {"note": ""}, reviewer_api) for pk in ids
        ]

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
            port=free_port(),
            workers=workers,
            folder=Path(folder),
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
    from benchmarks.policy_check import ensure_database, fill

    ensure_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    fill(officials=args.officials, trips=args.trips)
    results = run_load(
        database_url=url,
        database_name=connection.settings_dict["NAME"],
        secret_key=secret_key,
        broker_url=broker_url,
        requests=args.requests,
        seconds=args.seconds,
        clients=args.clients,
        workers=args.workers,
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
