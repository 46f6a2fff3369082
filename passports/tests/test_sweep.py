"""The passports' steps of the daily sweep: expired passports marked, alerts sent once."""

import datetime as dt

import pytest
from django.core import mail

from passports.models import Passport
from passports.services import mark_expired
from passports.sweep import passport_alerts
from passports.tests.factories import PassportFactory

D = dt.date
pytestmark = pytest.mark.usefixtures("eager_tasks")


def test_the_step_marks_expired_passports_and_alerts_once(
    staff_a, custodian, django_capture_on_commit_callbacks
):
    expired = PassportFactory(official__agency=staff_a.agency, expires_on=D(2026, 11, 30))
    PassportFactory(official__agency=staff_a.agency, expires_on=D(2027, 5, 1))
    with django_capture_on_commit_callbacks(execute=True):
        first = (mark_expired(D(2026, 12, 1)), passport_alerts(D(2026, 12, 1)))
    assert first[0] == 1 and first[1] >= 1
    expired.refresh_from_db()
    assert expired.status == Passport.Status.EXPIRED
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = (mark_expired(D(2026, 12, 1)), passport_alerts(D(2026, 12, 1)))
    assert again == (0, 0)
    assert len(mail.outbox) == sent
