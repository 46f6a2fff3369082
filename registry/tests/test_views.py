"""The import pages: upload → check (a task, eager here) → preview → confirm."""

import io

import openpyxl
import pytest
from django.urls import reverse

from agencies.models import Official
from agencies.tests.factories import OfficialFactory
from registry.models import ImportJob
from registry.tests.helpers import HEADERS, generated_rows, official_row, officials_csv

pytestmark = pytest.mark.usefixtures("eager_tasks")


def upload(client, rows, slug="can-bo"):
    response = client.post(reverse("registry:upload", args=[slug]), {"file": officials_csv(rows)})
    assert response.status_code == 302, response.content
    return ImportJob.objects.latest("pk")


def test_upload_preview_confirm(
    client, administrator, agency_a, django_capture_on_commit_callbacks
):
    existing = OfficialFactory(agency=agency_a, personnel_code="CB000001", position="Cũ")
    client.force_login(administrator)
    rows = [official_row(1, agency_a.code), official_row(2, agency_a.code)]
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, rows)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    page = client.get(reverse("registry:job", args=[job.pk])).content.decode()
    assert "Cũ → Chuyên viên" in page and "Xác nhận cập nhật" in page
    assert "<td>Thay đổi</td>" in page and "<td>Thêm mới</td>" in page  # each row's outcome
    assert Official.objects.count() == 1  # nothing applied before the confirmation
    response = client.post(reverse("registry:job-confirm", args=[job.pk]), {"sha256": job.sha256})
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.position == "Chuyên viên" and Official.objects.count() == 2
    job.refresh_from_db()
    assert job.status == ImportJob.Status.APPLIED


def test_errors_shown_and_no_confirm(
    client, administrator, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, [official_row(1, "khong-co")])
    page = client.get(reverse("registry:job", args=[job.pk])).content.decode()
    assert "Mã cơ quan không có trong danh mục" in page
    assert "Xác nhận cập nhật" not in page
    client.post(reverse("registry:job-confirm", args=[job.pk]), {"sha256": job.sha256})
    assert not Official.objects.exists()


def test_confirm_refuses_another_hash_and_a_moved_database(
    client, administrator, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(client, generated_rows(2, [agency_a.code]))
    client.post(reverse("registry:job-confirm", args=[job.pk]), {"sha256": "0" * 64})
    assert not Official.objects.exists()
    OfficialFactory(agency=agency_a, personnel_code="CB000001")  # typed in meanwhile
    client.post(reverse("registry:job-confirm", args=[job.pk]), {"sha256": job.sha256})
    assert Official.objects.count() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED


def test_progress_fragment_polls_while_running(client, administrator, agency_a):
    client.force_login(administrator)
    job = upload(client, generated_rows(2, [agency_a.code]))  # its check not run yet
    fragment = client.get(reverse("registry:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


def test_xlsx_upload_and_template(
    client, administrator, agency_a, django_capture_on_commit_callbacks
):
    client.force_login(administrator)
    template = client.get(reverse("registry:template", args=["can-bo"]))
    assert template["Content-Disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(template.content)).active
    assert [c.value.rstrip(" *") for c in sheet[1]] == HEADERS
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    workbook.active.append(list(official_row(7, agency_a.code).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("can-bo.xlsx", buffer.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registry:upload", args=["can-bo"]), {"file": file})
    job = ImportJob.objects.get()
    assert job.report["counts"]["created"] == 1, job.report


def test_too_big_file_refused(client, administrator, settings):
    settings.IMPORT_MAX_BYTES = 10
    client.force_login(administrator)
    response = client.post(reverse("registry:upload", args=["can-bo"]), {"file": officials_csv([])})
    assert response.status_code == 200 and "Tệp lớn hơn" in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("persona", ["staff_a", "reviewer", "custodian", "outsider"])
def test_other_roles_get_403(client, request, persona, administrator):
    job = ImportJob.objects.create(
        kind="officials", created_by=administrator, file_name="a.csv", content=b"", sha256="x"
    )
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("registry:index"),
        reverse("registry:upload", args=["can-bo"]),
        reverse("registry:job", args=[job.pk]),
        reverse("registry:record-past-trip"),
    ):
        assert client.get(url).status_code == 403, url


def test_unknown_job_and_kind_404_wrong_method_405(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("registry:job", args=[999])).status_code == 404
    assert client.get(reverse("registry:upload", args=["khac"])).status_code == 404
    assert client.get(reverse("registry:job-confirm", args=[1])).status_code == 405
    assert client.get(reverse("registry:index")).status_code == 200
