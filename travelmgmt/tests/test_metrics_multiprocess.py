"""With PROMETHEUS_MULTIPROC_DIR the scrape sums every worker process's metrics (each writes
its own file there), not only those of the process that answers."""

import ipaddress
import subprocess
import sys

WORKER = """
from prometheus_client import Counter
Counter("travelmgmt_test_requests", "test", ["worker"]).labels(worker="{n}").inc({n})
"""


def test_the_scrape_sums_the_workers_files(client, db, settings, tmp_path, monkeypatch):
    for n in (1, 2):  # two other processes, as two gunicorn workers
        subprocess.run(
            [sys.executable, "-c", WORKER.format(n=n)],
            env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
            check=True,
        )
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    scrape = client.get("/metrics/").content.decode()
    assert 'travelmgmt_test_requests_total{worker="1"} 1.0' in scrape
    assert 'travelmgmt_test_requests_total{worker="2"} 2.0' in scrape
    assert 'travelmgmt_backlog{kind="emails"} 0.0' in scrape  # and the shared gauges
