"""GET /api/v1/register/ in keyset pages: API.md's `{count, next, previous, results}`, `next`
a cursor link, the same queries for one row or a full page, across years; PostgreSQL seeks
on the register's unique index (EXPLAIN)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from rest_framework.settings import api_settings

from documents.models import IssuedDocument
from documents.register_pages import Cursor, _beyond, listed

URL = "/api/v1/register/"


def issue(reviewer, year, issuer, numbers):
    IssuedDocument.objects.bulk_create(
        IssuedDocument(
            year=year, issuer=issuer, number=n, symbol=f"{n:02d}/QĐ-{issuer}", kind="decision",
            title=f"Quyết định {n}", issued_on=dt.date(year, 3, 1), signer="Lê Văn Bình",
            issued_by=reviewer, content={"big": "x" * 1000},
        )
        for n in numbers
    )  # fmt: skip


def symbols(body):
    return [row["symbol"] for row in body["results"]]


@pytest.fixture
def pages_of_three(monkeypatch):
    monkeypatch.setattr(api_settings, "PAGE_SIZE", 3)
    from api.pagination import RegisterPagination

    monkeypatch.setattr(RegisterPagination, "page_size", 3)


@pytest.mark.django_db
@pytest.mark.usefixtures("pages_of_three")
def test_pages_follow_next_across_years_and_back(api, reviewer):
    issue(reviewer, 2025, "UBND", [1, 2])
    issue(reviewer, 2026, "SNV", [1])
    issue(reviewer, 2026, "UBND", [1, 2, 3])
    api.force_authenticate(reviewer)
    first = api.get(URL).json()
    assert first["count"] == 6 and first["previous"] is None
    assert symbols(first) == ["01/QĐ-UBND", "02/QĐ-UBND", "01/QĐ-SNV"]  # 2025's first
    assert first["next"] == "http://testserver/api/v1/register/?after=2026.SNV.1"
    second = api.get(first["next"]).json()
    assert symbols(second) == ["01/QĐ-UBND", "02/QĐ-UBND", "03/QĐ-UBND"]
    assert second["next"] is None and second["count"] == 6
    back = api.get(second["previous"]).json()
    assert symbols(back) == symbols(first) and back["previous"] is None
    # Filters stay in the links; the count is the filtered one.
    year = api.get(URL, {"year": 2026, "kind": "decision"}).json()
    assert year["count"] == 4
    assert parse_qs(urlsplit(year["next"]).query) == {
        "year": ["2026"], "kind": ["decision"], "after": ["2026.UBND.2"]
    }  # fmt: skip
    assert symbols(api.get(year["next"]).json()) == ["03/QĐ-UBND"]


@pytest.mark.django_db
def test_page_numbers_and_unreadable_cursors_are_400_with_a_message(api, reviewer):
    api.force_authenticate(reviewer)
    assert api.get(URL, {"page": 1}).status_code == 200
    refused = api.get(URL, {"page": 2})
    assert refused.status_code == 400 and "liên kết next" in refused.json()["page"][0]
    for name, cursor in (("after", "UBND.3"), ("before", "x.y.z"), ("after", "2026.UBND.³")):
        refused = api.get(URL, {name: cursor})
        assert refused.status_code == 400, cursor
        assert refused.json()[name] == ["Con trỏ trang không hợp lệ."]
    assert api.get(URL, {"after": "2026.UBND.99999999999"}).status_code == 400  # beyond int


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [1, 100])
def test_the_same_queries_for_one_row_or_a_full_page(
    api, reviewer, rows, django_assert_num_queries
):
    issue(reviewer, 2026, "UBND", range(1, rows + 2))
    api.force_authenticate(reviewer)
    # the caller's roles (ReadsRegister), the count, the page
    with django_assert_num_queries(3) as queries:
        body = api.get(URL, {"after": "2026.UBND.1"}).json()
    assert len(body["results"]) == min(rows, 50) and body["count"] == rows + 1
    page_sql = queries.captured_queries[-1]["sql"]
    assert '"content"' not in page_sql and "OFFSET" not in page_sql


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_seeks_on_the_unique_index(reviewer):
    issue(reviewer, 2026, "UBND", range(1, 2001))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE documents_issueddocument")
    after = Cursor.parse("2026.UBND.1500", with_year=True)
    rows = listed(IssuedDocument.objects.filter(_beyond(after, forward=True)), with_year=True)
    plan = rows[:51].explain()
    assert "Index Scan using issued_document_number_once" in plan, plan
    assert "Index Cond: (ROW(year, (issuer)::text, number) > ROW(" in plan, plan
