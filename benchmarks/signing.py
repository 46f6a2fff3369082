"""The decision-signing benchmark (benchmarks/bench_signing.py; tiny in the suite): each run
approves a submitted request through trip_approve with the decider's signing PIN, then runs
what its commit runs (the body's seal and the stored file), and times both halves."""

import cProfile
import statistics
import time
from contextlib import contextmanager

PIN = "135790"


def p95(values):
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


@contextmanager
def eager():
    """The rendering task in-process (as without a broker), whatever CELERY_BROKER_URL says."""
    from travelmgmt.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.task_eager_propagates = saved


def run(*, staff, decider, pki, settings, runs=30, profile=None, out=print):
    from django.test import TestCase

    from approvals import services
    from documents import local_pki
    from documents.credentials import credential_add
    from trips.tests.helpers import administrator, submitted_trip

    settings.SIGNING_PERSONAL_REQUIRED = True
    credential_add(
        actor=administrator(), holder=decider, kind="pkcs12",
        file=pki.pkcs12(local_pki.PEOPLE[0], PIN),
    )  # fmt: skip
    profiler = cProfile.Profile() if profile else None
    request_ms, after_ms, total_ms, cpu_ms, app_ms = [], [], [], [], []
    for index in range(runs + 1):
        trip = submitted_trip(staff, title=f"Đoàn {index}")
        cpu, start = time.process_time(), time.perf_counter()
        served = pki.served.cpu_seconds
        if profiler and index:
            profiler.enable()
        with TestCase.captureOnCommitCallbacks() as after_commit:
            services.trip_approve(trip=trip, actor=decider, signing_pin=PIN)
        middle = time.perf_counter()
        with eager():
            for callback in after_commit:  # the body's seal and the stored file
                callback()
        end = time.perf_counter()
        if profiler and index:
            profiler.disable()
        if not index:
            continue  # the warm-up: fonts, templates, first connections
        cpu_ms.append((time.process_time() - cpu) * 1000)
        # The loopback PKI's own CPU (its TSA's answers, ~55 ms each) left out: in production
        # the TSA and the OCSP responder are other parties' machines.
        app_ms.append(cpu_ms[-1] - (pki.served.cpu_seconds - served) * 1000)
        request_ms.append((middle - start) * 1000)
        after_ms.append((end - middle) * 1000)
        total_ms.append((end - start) * 1000)
    row = trip.issued_documents.get(kind="decision")
    assert row.rendered_at is not None and row.sha256, "the decision was not stored"
    if profiler:
        profiler.dump_stats(profile)
    figures = {
        "request": request_ms, "after_commit": after_ms, "total": total_ms, "cpu": cpu_ms,
        "cpu_without_pki": app_ms,
    }  # fmt: skip
    line = "; ".join(
        f"{name} median {statistics.median(v):.0f} ms, p95 {p95(v):.0f} ms"
        for name, v in figures.items()
    )
    out(f"\ndecision to signed file, {runs} decisions: {line}")
    return figures
