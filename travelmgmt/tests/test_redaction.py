"""A calendar feed's secret address never reaches a log: the app's request log and
gunicorn's access log cut it out (issue 27's feeds, reviewed with issue 25's logs)."""

import datetime as dt

from django.test import Client
from gunicorn.config import Config

from travelmgmt.redaction import redact_path
from travelmgmt.redaction_gunicorn import RedactingLogger
from travelmgmt.tests.outages import json_log

SECRET = "s3cr3t-feed-token-0123456789"


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
