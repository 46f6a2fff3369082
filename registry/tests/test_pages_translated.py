"""The import pages and the past-trip form come out in English too; the check task is safe to
run twice; the past-trip spreadsheet goes through the same pages."""

import pytest
from django.conf import settings
from django.urls import reverse

from core.tests.test_translations import DATA, texts
from registry import services
from registry.models import ImportJob
from registry.tasks import check_import
from registry.tests.helpers import official_row, officials_csv
from registry.tests.test_past_trips import trip_row, trips_csv
from trips.models import TripRequest
from trips.tests.helpers import ready_officials


def test_import_pages_are_translated(client, administrator, agency_a, eager_tasks,
                                     django_capture_on_commit_callbacks):  # fmt: skip
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:upload", args=["can-bo"]),
            {"file": officials_csv([official_row(1, agency_a.code), official_row(2, "x")])},
        )
    job = ImportJob.objects.get()
    data = {"Nguyễn Văn 1", "Nguyễn Văn 2", "can-bo.csv", str(administrator), "CB000001",
            "CB000002", "administrator", settings.ORGANISATION_NAME, job.sha256[:16]}  # fmt: skip
    # The check's report is the record of the check, kept in the words it was made in.
    data |= {e for row in job.report["rows"] for e in row["errors"]}
    untranslated = {}
    for url in (
        reverse("registry:index"),
        reverse("registry:upload", args=["can-bo"]),
        reverse("registry:job", args=[job.pk]),
        reverse("registry:record-past-trip"),
    ):
        vi = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
        en = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert vi.status_code == en.status_code == 200, url
        same = set(texts(vi.content.decode())) & set(texts(en.content.decode()))
        # The spreadsheet's own column headers are Vietnamese in both (the file's format),
        # and a row's errors name them.
        leaks = {
            t for t in same
            if not DATA.match(t) and not any(d in t for d in data) and ":" not in t
            and "*" not in t and ";" not in t
        }  # fmt: skip
        if leaks:
            untranslated[url] = sorted(leaks)
    assert untranslated == {}


def test_check_task_twice_checks_once(administrator, agency_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        job = services.import_job_create(
            actor=administrator,
            kind=ImportJob.Kind.OFFICIALS,
            upload=officials_csv([official_row(1, agency_a.code)]),
        )
    check_import(job.pk)
    job.refresh_from_db()
    first = job.report
    assert job.status == ImportJob.Status.CHECKED and first["counts"]["created"] == 1
    check_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and job.report == first


@pytest.mark.usefixtures("eager_tasks")
def test_past_trips_through_the_pages(client, administrator, agency_a,
                                      django_capture_on_commit_callbacks):  # fmt: skip
    ready_officials(agency_a, 1, personnel_code="CB1")
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:upload", args=["chuyen-di-da-quyet-dinh"]),
            {"file": trips_csv([trip_row(agency_a, "CB1")])},
        )
    job = ImportJob.objects.get()
    assert job.report["counts"]["created"] == 1, job.report
    assert not TripRequest.objects.exists()
    client.post(reverse("registry:job-confirm", args=[job.pk]), {"sha256": job.sha256})
    assert TripRequest.objects.get().status == "completed"
