"""The register a page at a time (keyset on issuer and number), only its listed columns,
the same queries on its first page and a later one; its Excel export built by a worker
when the year is large."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from documents import register_pages
from documents.models import IssuedDocument
from exports import services as export_services
from exports.models import ExportJob

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(reviewer):
    """Seven documents of 2026: UBND 1–4, SNV 1–3 (the page lists SNV first)."""
    for issuer, n in (("UBND", 4), ("SNV", 3)):
        for number in range(1, n + 1):
            IssuedDocument.objects.create(
                year=2026, issuer=issuer, number=number, symbol=f"{number:02d}/QĐ-{issuer}",
                kind="decision", title=f"Quyết định {issuer} {number}",
                issued_on=dt.date(2026, 3, number), signer="Lê Văn Bình", issued_by=reviewer,
                content={"big": "x" * 1000},
            )  # fmt: skip


def _page(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("documents:register"), {"year": 2026, **params})
    assert response.status_code == 200
    return [row.symbol for row in response.context["rows"]], response, queries


def test_pages_follow_the_register_order_forward_and_back(client, reviewer, book, monkeypatch):
    monkeypatch.setattr(register_pages, "PAGE_SIZE", 3)
    client.force_login(reviewer)
    client.get(reverse("documents:register"))  # the session's first write
    first, response, q1 = _page(client)
    assert first == ["01/QĐ-SNV", "02/QĐ-SNV", "03/QĐ-SNV"]
    after = str(response.context["page"].next_after)
    assert after == "SNV.3" and f"after={after}" in response.content.decode()
    second, response, q2 = _page(client, after=after)
    assert second == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"]
    third, response, q3 = _page(client, after=str(response.context["page"].next_after))
    assert third == ["04/QĐ-UBND"] and response.context["page"].next_after is None
    back, _, _ = _page(client, before=str(response.context["page"].previous_before))
    assert back == second
    assert len(q1) == len(q2) == len(q3)
    # Only the listed columns: never the frozen content nor the file.
    [rows_sql] = [q["sql"] for q in q2 if "documents_issueddocument" in q["sql"]]
    assert '"content"' not in rows_sql and '"file"' not in rows_sql
    # A cursor that makes no sense is the first page, not an error.
    assert _page(client, after="nonsense")[0] == first


@pytest.mark.usefixtures("eager_tasks")  # the job's task in-process, broker or not (CI)
def test_a_large_register_export_is_built_by_a_worker(
    client, reviewer, book, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(export_services, "SYNC_MAX_ROWS", 5)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("documents:register-export"), {"year": 2026})
    job = ExportJob.objects.get()
    assert response.url == reverse("exports:job", args=[job.pk]) and job.status == "ready"
    download = client.get(reverse("exports:download", args=[job.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="so-van-ban-di-2026.xlsx"'
    rows = list(load_workbook(io.BytesIO(download.content)).active.iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == [
        "01/QĐ-SNV", "02/QĐ-SNV", "03/QĐ-SNV", "01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND",
        "04/QĐ-UBND",
    ]  # fmt: skip
    assert rows[1][1] == "01/03/2026" and rows[1][2] == "Quyết định cử đi công tác"
