"""The wiring, for real: an approval's one message on Redis (core.queueing.one_message) is
turned by a worker into its two tasks, and both run: the decision is rendered and sealed, the
agency's staff get their email."""

import time

import pytest
from django.core import mail

from documents.models import IssuedDocument
from reports.tests.test_worker import worker  # noqa: F401  (the fixture)
from trips.tests.helpers import approved_trip

pytestmark = [pytest.mark.celery_worker, pytest.mark.usefixtures("migration_data")]


def test_a_real_worker_renders_the_decision_and_sends_the_notices(
    worker,  # noqa: F811
    staff_a,
    head_a,
    signing_key,
):
    mail.outbox.clear()
    trip = approved_trip(staff_a, head_a)  # committed: its tasks went to the broker
    decision = IssuedDocument.objects.get(trip=trip, kind=IssuedDocument.Kind.DECISION)

    def approved_mails():
        return [m for m in mail.outbox if "đã được phê duyệt" in m.subject]

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        decision.refresh_from_db()
        if decision.file and approved_mails():
            break
        time.sleep(0.2)
    assert decision.file and len(decision.sha256) == 64
    assert staff_a.email in {address for m in approved_mails() for address in m.to}
