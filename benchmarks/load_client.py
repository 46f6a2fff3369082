"""The load benchmark's client side (benchmarks/load.py): requests on the loopback from a few
threads, their latencies, and the CPU that the server's processes and PostgreSQL's backends spent
meanwhile (read from /proc)."""

from __future__ import annotations

import concurrent.futures
import dataclasses
import http.client
import json
import os
import statistics
import threading
import time
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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
