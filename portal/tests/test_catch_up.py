"""The catch-up: what could not be queued, or whose task was lost, queued again within
minutes; nothing done twice; three queries when nothing waits; the backlog in /metrics/ and
/healthz/."""

import datetime as dt
import ipaddress

import pytest
from django.core import mail
from django.utils import timezone

from core.models import Notification
from documents.models import IssuedDocument
from portal.catch_up import catch_up
from registry.models import ImportJob
from registry.services import import_job_create
from registry.tests.helpers import generated_rows, officials_csv
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.usefixtures("eager_tasks")


def ten_minutes_ago(model):
    model.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))


def test_nothing_waiting_costs_four_queries(db, django_assert_num_queries):
    # emails unsent, documents unrendered, imports unchecked, exports waiting: one indexed
    # query each
    with django_assert_num_queries(4):
        assert catch_up() == {"emails": 0, "documents": 0, "imports": 0, "exports": 0}


def test_lost_work_is_queued_again_and_done_once(staff_a, reviewer, administrator, agency_a):
    # In a test transaction the on_commit queueing never runs: as if the broker had been
    # down (or the tasks lost) for every email, the decision's PDF and the import's check.
    approved_trip(staff_a, reviewer)
    import_job_create(
        actor=administrator,
        kind=ImportJob.Kind.OFFICIALS,
        upload=officials_csv(generated_rows(2, [agency_a.code])),
    )
    emails = Notification.objects.filter(recipient__email__gt="").count()
    assert emails and not mail.outbox
    assert catch_up() == {
        "emails": 0,
        "documents": 0,
        "imports": 0,
        "exports": 0,
    }  # too young: left
    for model in (Notification, IssuedDocument, ImportJob):
        ten_minutes_ago(model)

    documents = IssuedDocument.objects.count()  # the proposal and the decision
    assert catch_up() == {"emails": emails, "documents": documents, "imports": 1, "exports": 0}
    assert len(mail.outbox) == emails
    assert not IssuedDocument.objects.filter(rendered_at__isnull=True).exists()
    assert ImportJob.objects.get().status == ImportJob.Status.CHECKED
    # Run again (or by a second beat): nothing is waiting, nothing is sent twice.
    assert catch_up() == {"emails": 0, "documents": 0, "imports": 0, "exports": 0}
    assert len(mail.outbox) == emails


# Committed: the health checks run in threads of their own, on their own connections.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data")
def test_the_backlog_is_in_metrics_and_turns_health_degraded_when_old(client, staff_a, settings):
    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    settings.CELERY_BROKER_URL = None
    Notification.objects.create(recipient=staff_a, subject="s", body="b", event_key="k")
    scrape = client.get("/metrics/").content.decode()
    assert 'travelmgmt_backlog{kind="emails"} 1.0' in scrape
    assert 'travelmgmt_backlog{kind="documents"} 0.0' in scrape
    assert client.get("/healthz/").json()["checks"]["backlog"] == "ok"

    Notification.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    scrape = client.get("/metrics/").content.decode()
    age = next(
        float(line.split()[-1])
        for line in scrape.splitlines()
        if line.startswith('travelmgmt_backlog_oldest_seconds{kind="emails"}')
    )
    assert 3590 < age < 3700
    health = client.get("/healthz/")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["checks"]["backlog"] == "unavailable"
