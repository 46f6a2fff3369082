"""No secret reaches a log: errors forced where a password, a token or the SMTP password sit
in the failing frames, and the production JSON log searched for them."""

import socketserver
import threading

import pytest
from django.core import mail

from accounts.tokens import token_for
from core.models import Notification
from core.tasks import send_notification_email
from travelmgmt.tests.outages import database_down, json_log

PASSWORD = "Secret-Pa55word-4711"


def _errors_logged(text: str) -> bool:
    return '"exception"' in text


def test_sign_in_with_the_database_down_logs_no_password(client, db):
    client.raise_request_exception = False
    with json_log() as logged, database_down():
        client.post("/dang-nhap/", {"username": "staff_a", "password": PASSWORD})
    assert _errors_logged(logged())  # the error is logged, its traceback included...
    assert PASSWORD not in logged()  # ...without the frames' variables


def test_token_endpoint_with_the_database_down_logs_no_password(client, db):
    client.raise_request_exception = False
    with json_log() as logged, database_down():
        client.post(
            "/api/v1/auth/token/",
            {"username": "staff_a", "password": PASSWORD},
            content_type="application/json",
        )
    assert _errors_logged(logged())
    assert PASSWORD not in logged()


def test_api_call_with_the_database_down_logs_no_token(client, staff_a):
    key = token_for(staff_a).key
    client.raise_request_exception = False
    with json_log() as logged, database_down():
        client.get("/api/v1/trips/", HTTP_AUTHORIZATION=f"Token {key}")
    assert _errors_logged(logged())
    assert key not in logged()


class _RefusingSMTP(socketserver.StreamRequestHandler):
    """Offers AUTH, refuses every password: smtplib fails inside login(user, password)."""

    def handle(self):
        self.wfile.write(b"220 sink\r\n")
        for line in self.rfile:
            verb = line[:4].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-sink\r\n250 AUTH PLAIN LOGIN\r\n")
            elif verb == b"AUTH":
                self.wfile.write(b"535 5.7.8 refused\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def refusing_smtp(settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _RefusingSMTP)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.server_address
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "travelmgmt", PASSWORD
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield
    server.shutdown()
    server.server_close()


def test_mail_failure_logs_no_smtp_password(staff_a, refusing_smtp):
    notice = Notification.objects.create(
        recipient=staff_a, subject="Hồ sơ", body="…", event_key="secret-test"
    )
    with json_log() as logged, pytest.raises(Exception):  # noqa: B017 (retried: any error)
        send_notification_email(notice.pk)
    assert "SMTPAuthenticationError" in logged()
    assert PASSWORD not in logged()
    assert mail.outbox == []
