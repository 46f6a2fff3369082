"""Timing (not collected: no test_ prefix): ms per trip_submit and trip_approve through the
services, their on_commit callbacks included. Without a broker the rendering task runs in
those callbacks (the paper on the request path, as before documents.tasks); with
BENCH_BROKER it is only queued on that Redis (what a request pays); BENCH_NO_DOCS=1 issues
no document at all (the floor).

    [BENCH_BROKER=redis://127.0.0.1:6379/<db>] [BENCH_NO_DOCS=1] \
        .venv/bin/pytest -q -s -p no:randomly benchmarks/bench_document_issue.py

Empty that Redis db afterwards: nothing consumes the queued tasks.
"""

import os
import statistics
import time

from approvals import services
from travelmgmt.celery import app
from trips.tests.helpers import JUSTIFIED, draft_trip

RUNS = int(os.environ.get("BENCH_RUNS", "8"))


def test_time_submit_and_approve(
    staff_a, reviewer, django_capture_on_commit_callbacks, monkeypatch
):
    if os.environ.get("BENCH_NO_DOCS"):  # the floor: the moves without any document
        from documents import services as documents

        for name in ("issue_proposal", "issue_decision"):
            monkeypatch.setattr(documents, name, lambda *a, **k: None)
    broker = os.environ.get("BENCH_BROKER")
    saved = app.conf.task_always_eager, app.conf.broker_write_url
    if broker:
        app.conf.task_always_eager, app.conf.broker_write_url = False, broker
        app._pool = None
    submits, approves = [], []
    try:
        for i in range(RUNS + 1):
            trip = draft_trip(staff_a, title=f"Đoàn {i}")
            trip.justifications = {
                f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"
            }
            trip.save(update_fields=["justifications"])
            start = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True):
                trip = services.trip_submit(trip=trip, actor=staff_a)
            middle = time.perf_counter()
            with django_capture_on_commit_callbacks(execute=True):
                services.trip_approve(trip=trip, actor=reviewer)
            end = time.perf_counter()
            if i:  # the first run warms up fonts, templates and the key
                submits.append((middle - start) * 1000)
                approves.append((end - middle) * 1000)
    finally:
        app.conf.task_always_eager, app.conf.broker_write_url = saved
        app._pool = None
    for name, values in (("submit", submits), ("approve", approves)):
        print(
            f"\n{name}: median {statistics.median(values):.1f} ms, "
            f"min {min(values):.1f}, max {max(values):.1f} (n={len(values)})"
        )
