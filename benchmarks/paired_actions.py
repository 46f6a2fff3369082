"""Submit and approve through the API, two checkouts side by side, request by request: what a
change saves, on a machine whose speed drifts more between runs than the change moves.

Run on purpose (never in the suite at this size), from the newer checkout:

    git worktree add /tmp/before <commit>
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/travelmgmt_load10 \
    CELERY_BROKER_URL=redis://127.0.0.1:<a port of its own>/0 \
        .venv/bin/python benchmarks/paired_actions.py /tmp/before . [--requests 150]

The database is filled once as `make load` fills it (benchmarks/load.py's --officials and
--trips). Each checkout runs in a process of its own, its code imported from its own tree, on
its own copy of the filled database (dropped afterwards), with the load benchmark's prepared
trips and logins (benchmarks/load_data.py) and production settings (DEBUG off, the body's
throw-away key). Both warm up, then each submit and then each approve is sent to one process
and then the other, the order swapped every pair, through Django's test client in-process, so
that the machine's slow and fast moments fall on both alike. Printed: the median CPU of each
(the request's own thread, `time.thread_time`: Django, DRF, the driver, the broker's client;
not PostgreSQL's) and the median of the paired differences. The queued tasks go to the given
Redis (nobody consumes them; purged afterwards): without a broker every approval would render
and sign its decision in the request. A tiny version runs in the suite
(benchmarks/tests/test_paired_actions.py).
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
ACTIONS = ("submit", "approve")


def paired(
    trees: list[Path], *, database_url: str, broker_url: str | None, requests: int, warm: int = 5
) -> dict[str, list[list[float]]]:
    """{action: [CPU ms of each request in trees[0], ... in trees[1]]}, the requests paired."""
    from benchmarks.policy_check import database_copy

    with (
        database_copy(database_url, suffix="a") as first,
        database_copy(database_url, suffix="b") as second,
    ):
        workers = [
            _Worker(tree, copy, broker_url=broker_url, requests=requests, warm=warm)
            for tree, copy in zip(trees, (first, second), strict=True)
        ]
        try:
            for worker in workers:
                worker.wait_ready()
            cpu = {action: [[], []] for action in ACTIONS}
            for action in ACTIONS:
                for index in range(requests):
                    for side in (0, 1) if index % 2 == 0 else (1, 0):
                        cpu[action][side].append(workers[side].take(action, index))
        finally:
            for worker in workers:
                worker.stop()
    return cpu


class _Worker:
    """One checkout's process: `--serve`, answering "action index" lines with the CPU ms."""

    def __init__(self, tree, database_url, *, broker_url, requests, warm):
        env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker_url or ""}
        command = [sys.executable, str(Path(__file__).resolve()), "--serve", str(tree)]
        command += ["--requests", str(requests), "--warm", str(warm)]
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker stopped (exit code {self.process.wait(timeout=60)})")
        return line.strip()

    def wait_ready(self):
        while self._line() != "READY":
            pass

    def take(self, action, index) -> float:
        self.process.stdin.write(f"{action} {index}\n")
        self.process.stdin.flush()
        return float(self._line())

    def stop(self):
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()


def serve(tree: Path, *, requests: int, warm: int) -> None:
    """The worker: `tree`'s code on DATABASE_URL (a copy), production settings. Its answers
    go to the parent on the standard output it was given; whatever else prints goes to the
    standard error."""
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.path.insert(0, str(tree))
    os.chdir(tree)
    with tempfile.TemporaryDirectory(prefix="travelmgmt-paired-") as name:
        _serve(Path(name), answers, requests=requests, warm=warm)


def _serve(folder: Path, answers, *, requests: int, warm: int) -> None:
    broker = os.environ.get("CELERY_BROKER_URL") or ""
    (folder / "static").mkdir()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="travelmgmt.settings",
        DEBUG="false",
        SECRET_KEY="paired-" + secrets.token_urlsafe(48),
        ALLOWED_HOSTS="testserver",
        LOG_LEVEL="WARNING",
        # Without a broker the tasks run in-process, which production refuses unless told.
        ALLOW_EMBEDDED_PRODUCTION="false" if broker else "true",
        EMAIL_URL="dummymail://",
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
    )
    from benchmarks.load_server import key_the_agency, server_environment

    signing = server_environment(
        database_url=os.environ["DATABASE_URL"],
        secret_key=os.environ["SECRET_KEY"],
        broker_url=broker,
        port=0,
        workers=1,
        folder=folder,
    )
    os.environ.update({k: v for k, v in signing.items() if k.startswith("SIGNING_")})
    import time

    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from benchmarks.load_data import prepare

    fixtures = prepare(drafts=requests, warm=warm)
    key_the_agency(
        User.objects.get(username="load-staff").agency,
        folder=folder,
        secret_key=os.environ["SECRET_KEY"],
    )
    client = Client()
    logins = {
        "submit": {"HTTP_AUTHORIZATION": f"Token {fixtures.staff_token}"},
        "approve": {"HTTP_AUTHORIZATION": f"Token {fixtures.head_token}"},
    }

    def take(action, pk) -> float:
        body = {"note": ""} if action == "approve" else None
        started = time.thread_time()
        answer = client.post(
            f"/api/v1/trips/{pk}/{action}/",
            body,
            content_type="application/json",
            secure=True,  # as behind the proxy: production redirects plain HTTP
            **logins[action],
        )
        spent = (time.thread_time() - started) * 1000
        if answer.status_code != 200:
            raise SystemExit(f"{action} {pk}: {answer.status_code} {answer.content[:300]!r}")
        return spent

    for action in ACTIONS:
        for pk in fixtures.warm_drafts:
            take(action, pk)
    print("READY", file=answers, flush=True)
    for line in sys.stdin:
        action, index = line.split()
        print(f"{take(action, fixtures.drafts[int(index)]):.3f}", file=answers, flush=True)


def report(trees, cpu) -> str:
    lines = []
    for action, (first, second) in cpu.items():
        diff = statistics.median(b - a for a, b in zip(first, second, strict=True))
        lines.append(
            f"{action:<8} {len(first):>4} pairs   {trees[0]}: median {statistics.median(first):.2f}"
            f" ms   {trees[1]}: median {statistics.median(second):.2f} ms   paired difference"
            f" median {diff:+.2f} ms"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path, help="the two checkouts, older first")
    parser.add_argument("--requests", type=int, default=150, help="submits and approvals each")
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--officials", type=int, default=10_000)
    parser.add_argument("--trips", type=int, default=50_000)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve.resolve(), requests=args.requests, warm=args.warm)
    if len(args.trees) != 2:
        parser.error("name the two checkouts, older first")
    url = os.environ.get("DATABASE_URL", "")
    broker = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("postgres") or not broker.startswith("redis"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL (a Redis of your own).")
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="travelmgmt.settings", DEBUG="true", LOG_LEVEL="WARNING"
    )
    import django

    from benchmarks.policy_check import ensure_database, fill

    ensure_database(url)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    fill(officials=args.officials, trips=args.trips)  # once: the copies start from it
    trees = [tree.resolve() for tree in args.trees]
    cpu = paired(trees, database_url=url, broker_url=broker, requests=args.requests, warm=args.warm)
    from travelmgmt.celery import app

    app.control.purge()  # nobody consumes what the runs queued
    print(report(trees, cpu))
    print(f"database {urlparse(url).path.lstrip('/')}; {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
