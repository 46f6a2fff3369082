"""The paired benchmark (benchmarks/paired_actions.py), tiny and end to end: its command, on a
database of this test's own (created, migrated and filled by the command, dropped here), with a
Redis of its own for the queued tasks; two processes of this checkout, each on its own copy,
take turns submitting and approving. No timing is asserted: this keeps the benchmark runnable
as the code changes (the workers' settings, the prepared trips, the routes). Not on the test
database itself: a worker of the suite's may be connected to it, and a copy needs it alone."""

import os
import subprocess
import sys

import psycopg2
import pytest
from django.conf import settings

from benchmarks.paired_actions import ROOT
from benchmarks.tests.databases import drop, url_of
from travelmgmt.tests.outages import redis_server

# In the database run of CI (TEST_SCOPE=database keeps the tests marked django_db).
pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_command_pairs_two_checkouts_on_copies_of_their_own():
    test_db = settings.DATABASES["default"]["NAME"]
    name = f"{test_db}_paired_{os.getpid()}"  # its own, never shared
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    small = ["--requests", "2", "--warm", "1", "--officials", "300", "--trips", "600"]
    command = [sys.executable, "benchmarks/paired_actions.py", str(ROOT), str(ROOT), *small]
    try:
        with redis_server() as port:
            env.update(DATABASE_URL=url_of(name), CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0")
            done = subprocess.run(
                command,
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
        assert done.returncode == 0, done.stderr[-3000:]
        lines = done.stdout.splitlines()
        assert [line.split()[:2] for line in lines if "paired difference" in line] == [
            ["submit", "2"],
            ["approve", "2"],
        ], done.stdout
        # The runs' copies are gone; the filled database is left as the fill made it.
        with psycopg2.connect(url_of(name)) as conn, conn.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM trips_triprequest WHERE title LIKE '%%(benchmark)'"
            )
            assert cursor.fetchone()[0] == 0
            cursor.execute(
                "SELECT count(*) FROM pg_database WHERE datname LIKE %s", [f"{name}_run_%"]
            )
            assert cursor.fetchone()[0] == 0
        conn.close()
    finally:
        drop(name)
