"""Helpers for the outage tests: a database that cannot be reached, the production JSON log
captured, a TCP port where nothing listens, a Redis server of the test's own."""

import contextlib
import io
import logging
import shutil
import socket
import subprocess
import time
from unittest import mock

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from travelmgmt import logs


@contextlib.contextmanager
def database_down():
    """Every new cursor fails as PostgreSQL's driver does when the server is gone."""

    def refuse(self, *args, **kwargs):
        raise OperationalError('connection to server at "127.0.0.1", port 5432 failed')

    with mock.patch.object(BaseDatabaseWrapper, "_cursor", refuse):
        yield


@contextlib.contextmanager
def json_log():
    """Everything logged (every logger, from DEBUG) through the production JSON formatter;
    yields a function returning the text written so far."""
    config = logs.formatter(json=True)
    handler = logging.StreamHandler(stream := io.StringIO())
    handler.setFormatter(config.pop("()")(**config))
    root = logging.getLogger()
    saved = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream.getvalue
    finally:
        root.removeHandler(handler)
        root.setLevel(saved)


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def redis_server(port: int | None = None):
    """A Redis server on a free port (or `port`), started and stopped here, never a shared
    one; yields its port. Skips the test where redis-server is not installed."""
    import pytest
    from redis import Redis

    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = port or closed_port()
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    client = Redis(port=port)
    try:
        for _ in range(50):
            try:
                client.ping()
                break
            except Exception:
                time.sleep(0.1)
        yield port
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=10)
