"""Exports: written row by row (linear, counted in steps of Python run, not in seconds), a
large one built by a worker (here in-process) with its progress and download, the asker's
only; a failure is a message, never a 500."""

import datetime as dt
import io
import sys

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from analytics import exports
from exports import services
from exports.models import ExportJob
from trips.tests.factories import TripFactory

D = dt.date


def _steps_run(function) -> int:
    """How many lines and calls of Python `function()` runs, openpyxl's included (a
    generator's every resumption is a call: `max(c[0] for c in cells)` counts per cell)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        count += 1
        return tracer

    sys.settrace(tracer)
    try:
        function()
    finally:
        sys.settrace(None)
    return count


def _trip_rows(n):
    return [
        (i, f"=Đoàn {i}", "Sở Ngoại vụ", "business", "approved", D(2027, 6, 7), D(2027, 6, 11),
         "JP,KR", 3, 1_000_000, None)
        for i in range(n)
    ]  # fmt: skip


def test_the_trip_workbook_costs_the_same_per_row_at_any_size():
    def cost(n):
        rows = _trip_rows(n)
        return _steps_run(lambda: exports.trips_workbook(iter(rows)).close())

    base, small, large = cost(0), cost(100), cost(400)
    per_row_small, per_row_large = (small - base) / 100, (large - base) / 400
    # Any per-row work growing with the rows before it would make the large export's dearer.
    assert per_row_large <= per_row_small * 1.05
    # A scan in C (the old `sheet.max_row` per row: max() over every cell written) is no
    # Python step; a write-only workbook cannot read back what it wrote, so cannot scan it.
    book = exports.xlsx.workbook()
    assert book.write_only and not hasattr(book.create_sheet(), "max_row")


def test_rows_are_typed_and_text_is_never_a_formula():
    out = exports.trips_workbook(iter(_trip_rows(2)))
    sheet = load_workbook(io.BytesIO(out.read())).active
    assert sheet["B2"].value == "=Đoàn 0" and sheet["B2"].data_type == "s"
    assert sheet["F2"].number_format == "dd/mm/yyyy" and sheet["J2"].number_format == '#,##0 "đ"'
    assert sheet["H2"].value == "Nhật Bản, Hàn Quốc"
    assert [c.value for c in sheet[4]][8:10] == [6, 2_000_000]  # the total row


@pytest.fixture
def many_trips(staff_a):
    for day in range(1, 6):
        TripFactory(agency=staff_a.agency, departure_date=D(2027, 6, day),
                    return_date=D(2027, 6, day + 2), members=[])  # fmt: skip


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks")  # in-process even where CI configures a broker
def test_a_large_export_is_built_by_a_worker_with_progress_then_downloaded(
    client, staff_a, staff_b, many_trips, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(services, "SYNC_MAX_ROWS", 3)
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("analytics:export-trips"), {"q": ""})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[job.pk])
    assert (job.status, job.total_rows, job.done_rows) == ("ready", 5, 5)
    page = client.get(response.url).content.decode()
    assert reverse("exports:download", args=[job.pk]) in page
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="ho-so-di-nuoc-ngoai.xlsx"'
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 5 + 1  # header, the five trips, the total
    # Someone else's job is not found, its page or its file.
    client.force_login(staff_b)
    assert client.get(reverse("exports:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_a_running_job_shows_its_progress_and_no_link(client, staff_a):
    job = ExportJob.objects.create(
        name="trips", file_name="x.xlsx", created_by=staff_a, status="running", total_rows=8000,
        done_rows=2000,
    )  # fmt: skip
    client.force_login(staff_a)
    partial = client.get(reverse("exports:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert 'value="25"' in html and "2000/8000" in html and 'hx-trigger="every 2s"' in html
    assert reverse("exports:download", args=[job.pk]) not in html
    # Its file is not there yet: back to the progress page.
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 302


@pytest.mark.django_db
def test_a_failed_build_is_a_message_not_an_error(staff_a, monkeypatch, caplog):
    job = services.start(actor=staff_a, name="trips", params={"query": ""},
                         file_name="x.xlsx", total=10)  # fmt: skip

    def broken(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "trips_workbook", broken)
    services.build(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "Không tạo được tệp Excel" in job.error
    services.build(job.pk)  # claimed once: a second run leaves it as it is
    assert ExportJob.objects.get(pk=job.pk).status == "failed"


@pytest.mark.django_db
def test_a_job_reads_only_what_its_asker_may_see(staff_a, staff_b, many_trips):
    job = services.start(actor=staff_b, name="trips", params={"query": ""},
                         file_name="x.xlsx", total=5)  # fmt: skip
    services.build(job.pk)
    job.refresh_from_db()
    rows = list(load_workbook(io.BytesIO(bytes(job.content))).active.iter_rows(values_only=True))
    assert len(rows) == 2  # header and total: agency A's trips are not agency B's to export
