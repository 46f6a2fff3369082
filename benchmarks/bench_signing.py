"""Timing (not collected: no test_ prefix): ms per decision for its two signatures against the
loopback PKI (documents/local_pki.py): in the request, render + the decider's signature
(PKCS#12 credential, PAdES B-LT: OCSP and TSA calls); after the commit, the body's seal
(PKCS#12, B-LT). Medians of BENCH_RUNS (default 8), first run dropped (fonts, caches).

    .venv/bin/pytest -q -s -p no:randomly benchmarks/bench_signing.py
"""

import os
import statistics
import time

from core import signing_pin
from documents import issuing, personal
from documents.credentials import credential_add
from documents.rendering import render_pdf_and_anchor
from trips.tests.helpers import administrator, approved_trip

RUNS = int(os.environ.get("BENCH_RUNS", "8"))
PIN = "135790"


def test_time_the_two_signatures_of_a_decision(staff_a, reviewer, local_pki_served):
    from documents import contexts as c
    from documents import local_pki

    credential_add(
        actor=administrator(), holder=reviewer, kind="pkcs12",
        file=local_pki_served.pkcs12(local_pki.PEOPLE[0], PIN),
    )  # fmt: skip
    trip = approved_trip(staff_a, reviewer)  # its decision numbered; rendered and signed below
    row = trip.issued_documents.get(kind="decision")
    document = c.Document.thawed(row.content["document"])
    context = document.as_context()
    person_ms, seal_ms, cpu_ms = [], [], []
    for _ in range(RUNS + 1):
        cpu = time.process_time()  # this process's CPU, the loopback PKI's threads included
        start = time.perf_counter()
        with signing_pin.holding(PIN):
            pdf, anchor = render_pdf_and_anchor(row.content["template"], context)
            pdf = personal.sign_personally(
                pdf, user=reviewer, symbol=row.symbol, signer_name="x", anchor=anchor
            )
        middle = time.perf_counter()
        issuing.signing.sign_pdf(
            pdf, symbol=row.symbol, signer_name="y", appearance=issuing._seal("Cơ quan", anchor)
        )
        end = time.perf_counter()
        cpu_ms.append((time.process_time() - cpu) * 1000)
        person_ms.append((middle - start) * 1000)
        seal_ms.append((end - middle) * 1000)
    person, seal = statistics.median(person_ms[1:]), statistics.median(seal_ms[1:])
    print(
        f"\nrender + decider's signature (request): {person:.0f} ms; "
        f"body's seal (after commit): {seal:.0f} ms; total {person + seal:.0f} ms wall, "
        f"{statistics.median(cpu_ms[1:]):.0f} ms CPU (medians of {RUNS})"
    )
