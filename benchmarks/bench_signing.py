"""Timing (not collected: no test_ prefix): a decision from "Phê duyệt" to its signed file
stored, against the loopback PKI (documents/local_pki.py), through the real path: the approve
service (rules, register, render + the decider's own signature with their PKCS#12 credential,
PAdES B-LT: OCSP and TSA calls) then what its commit runs (the body's seal, B-LT, and the
stored file). Median and p95 of BENCH_RUNS decisions (default 30), after one warm-up
(fonts, caches); BENCH_PROFILE=<file> also writes a cProfile of the timed runs.

    .venv/bin/pytest -q -s -p no:randomly benchmarks/bench_signing.py
"""

import os

from benchmarks.signing import run

RUNS = int(os.environ.get("BENCH_RUNS", "30"))


def test_time_a_decision_to_its_signed_file(staff_a, head_a, local_pki_served, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    run(
        staff=staff_a,
        decider=head_a,
        pki=local_pki_served,
        settings=settings,
        runs=RUNS,
        profile=os.environ.get("BENCH_PROFILE"),
    )
