"""The wiring, for real: the upload queues the check on Redis, a worker runs it, and the
progress the page polls ends at 100 % with the report."""

import time

import pytest
from django.urls import reverse

from registry.models import ImportJob
from registry.tests.helpers import generated_rows, officials_csv
from reports.tests.test_worker import worker  # noqa: F401  (the fixture)

pytestmark = [pytest.mark.celery_worker, pytest.mark.usefixtures("migration_data")]


def test_a_real_worker_checks_the_upload(worker, client, administrator, agency_a):  # noqa: F811
    client.force_login(administrator)
    response = client.post(
        reverse("registry:upload", args=["can-bo"]),
        {"file": officials_csv(generated_rows(1200, [agency_a.code]))},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_running:
            break
        time.sleep(0.2)
    assert job.status == ImportJob.Status.CHECKED, job.error
    assert job.percent == 100 and job.report["counts"]["created"] == 1200
    fragment = client.get(reverse("registry:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "every 1s" not in fragment.content.decode()  # polling stops when done
