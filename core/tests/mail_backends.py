"""A mail server for tests that drops the connection on the first messages it is given, as
an SMTP server does (settings.EMAIL_BACKEND = "core.tests.mail_backends.FailingFirst"); the
others arrive in mail.outbox."""

import smtplib

from django.core.mail.backends import locmem


class FailingFirst(locmem.EmailBackend):
    failures = 0  # how many messages still fail (set by the test)
    attempts: list = []  # the addressees of every message tried, failed or not

    def send_messages(self, messages):
        for message in messages:
            FailingFirst.attempts.append(message.to)
        if FailingFirst.failures:
            FailingFirst.failures -= 1
            raise smtplib.SMTPServerDisconnected("mất kết nối")
        return super().send_messages(messages)
