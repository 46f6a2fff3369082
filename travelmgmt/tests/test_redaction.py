"""A calendar feed's secret address never reaches a log: the app's request log and
gunicorn's access log cut it out (issue 27's feeds, reviewed with issue 25's logs)."""

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.test import Client
from gunicorn.config import Config

from travelmgmt.redaction import redact_path
from travelmgmt.redaction_gunicorn import RedactingLogger
from travelmgmt.tests.outages import json_log

SECRET = "s3cr3t-feed-token-0123456789"
LOG_CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "log.conf"


def test_the_request_log_has_no_feed_secret(db):
    with json_log() as logged:
        Client().get(f"/lich/{SECRET}.ics")
    assert "/lich/" in logged() and SECRET not in logged()


def test_gunicorns_access_log_has_no_feed_secret():
    class Request:
        method, path, query, version = "GET", f"/lich/{SECRET}.ics", "", (1, 1)
        uri = f"/lich/{SECRET}.ics"
        headers = []

    class Response:
        status, response_length, sent, headers = "404 Not Found", 0, 0, []

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/lich/{SECRET}.ics", "PATH_INFO": f"/lich/{SECRET}.ics", "QUERY_STRING": "", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1"}  # fmt: skip
    atoms = RedactingLogger(Config()).atoms(Response(), Request(), environ, dt.timedelta(0))
    assert SECRET not in repr(atoms) and "/lich/…" in atoms["r"]


def test_other_paths_are_left_as_they_are():
    assert redact_path("GET /ho-so/12/?q=lich") == "GET /ho-so/12/?q=lich"


# --- nginx's own access log (deploy/nginx/log.conf) -------------------------------------------


@pytest.fixture
def nginx(tmp_path):
    """A real nginx with the sites' log format on a free loopback port, logging to tmp_path."""
    if shutil.which("nginx") is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run installs nginx-light")
        pytest.skip("needs nginx (apt-get install nginx-light)")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    temps = " ".join(f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    (tmp_path / "nginx.conf").write_text(
        f"daemon off; pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};\n"
        "events {}\n"
        f"http {{ include {LOG_CONF}; access_log {tmp_path / 'access.log'} travelmgmt; {temps}\n"
        f"  server {{ listen 127.0.0.1:{port}; location / {{ return 204; }} }} }}\n"
    )
    process = subprocess.Popen(["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}", tmp_path / "access.log"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_nginxs_access_log_has_no_feed_secret(nginx):
    base, log = nginx
    for path in (f"/lich/{SECRET}.ics", f"/lich/{SECRET}.ics?v=2", "/ho-so/12/?q=lich"):
        urllib.request.urlopen(base + path).close()
    # nginx writes a request's line after its answer has gone: wait for the third (bounded).
    for _ in range(100):
        lines = log.read_text(encoding="utf-8").splitlines()
        if len(lines) >= 3:
            break
        time.sleep(0.05)
    assert len(lines) == 3 and SECRET not in "".join(lines)
    assert '"GET /lich/….ics HTTP/1.1" 204' in lines[0]
    assert '"GET /lich/….ics?v=2 HTTP/1.1" 204' in lines[1]
    assert '"GET /ho-so/12/?q=lich HTTP/1.1" 204' in lines[2]  # other paths as they are


def test_both_sites_log_in_that_format():
    for site in ("travelmgmt.conf", "compose.conf"):
        text = (LOG_CONF.parent / site).read_text()
        assert "include snippets/travelmgmt-log.conf;" in text
        assert all(line.strip().endswith(" travelmgmt;") for line in text.splitlines() if line.strip().startswith("access_log"))  # fmt: skip
