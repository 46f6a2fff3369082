"""The register (page, Excel, API), the downloads and the verification, by persona."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from authority.tests.factories import vice_chairman
from documents import issuing, services
from documents.models import IssuedDocument


@pytest.fixture
def decision(approved_trip, signing_key, committed):
    actor = UserFactory(username="chutich", first_name="Lê Văn", last_name="Bình")
    return committed(services.issue_decision, approved_trip, actor)


def file_bytes(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("persona", ["reviewer", "administrator"])
def test_the_register_page_lists_the_years_documents(client, request, decision, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("documents:register"), {"year": decision.year})
    assert response.status_code == 200
    assert "01/QĐ-UBND" in response.text


@pytest.mark.parametrize("persona", ["staff_a", "custodian", "outsider"])
def test_staff_custodians_and_outsiders_do_not_read_the_register(db, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("documents:register")).status_code == 403
    assert client.get(reverse("documents:register-export")).status_code == 403
    assert client.get(reverse("api:register")).status_code == 403


def test_the_register_page_refuses_post(client, reviewer):
    client.force_login(reviewer)
    assert client.post(reverse("documents:register")).status_code == 405


def test_the_excel_export_writes_user_text_as_text(client, reviewer, decision):
    IssuedDocument.objects.filter(pk=decision.pk).update(title='=HYPERLINK("http://x","y")')
    client.force_login(reviewer)
    response = client.get(reverse("documents:register-export"), {"year": decision.year})
    assert response["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active  # streamed
    cell = sheet["D2"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"
    assert sheet["A2"].value == "01/QĐ-UBND"


def test_the_download_is_the_stored_file_for_whoever_reads_the_trip(
    client, staff_a, staff_b, decision
):
    client.force_login(staff_a)
    response = client.get(reverse("documents:download", args=[decision.pk]))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    with decision.file.open("rb") as handle:
        assert file_bytes(response) == handle.read()
    client.force_login(staff_b)
    assert client.get(reverse("documents:download", args=[decision.pk])).status_code == 404


def test_the_request_page_lists_its_documents(client, staff_a, decision):
    client.force_login(staff_a)
    response = client.get(reverse("trips:detail", args=[decision.trip_id]))
    assert "01/QĐ-UBND" in response.text
    assert reverse("documents:download", args=[decision.pk]) in response.text


def test_the_decision_api_answers_per_api_md(client, staff_a, staff_b, decision):
    client.force_login(staff_a)
    url = reverse("api:trip-decision", args=[decision.trip_id])
    body = client.get(url).json()
    assert body["symbol"] == "01/QĐ-UBND" and body["number"] == 1
    assert body["issuer"].startswith("ỦY BAN NHÂN DÂN") and body["signer_title"] == "CHỦ TỊCH"
    assert (body["signed_as"], body["acting_for"]) == ("", "")
    assert body["signature"]["valid"] is True and body["sha256"] == decision.sha256
    pdf = client.get(body["pdf"])
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert client.get(reverse("api:trip-proposal-pdf", args=[decision.trip_id])).status_code == 404
    client.force_login(staff_b)
    assert client.get(url).status_code == 404


def test_the_register_api_filters_by_year_and_kind(client, reviewer, decision):
    client.force_login(reviewer)
    url = reverse("api:register")
    rows = client.get(url, {"year": decision.year, "kind": "decision"}).json()["results"]
    assert [r["symbol"] for r in rows] == ["01/QĐ-UBND"]
    assert client.get(url, {"kind": "proposal"}).json()["results"] == []
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_verify_api_round_trip(client, outsider, decision):
    client.force_login(outsider)
    url = reverse("api:document-verify")
    with decision.file.open("rb") as handle:
        data = handle.read()
    ok = client.post(url, {"file": io.BytesIO(data)}).json()
    assert ok["valid"] and ok["matches_register"] and ok["symbol"] == "01/QĐ-UBND"
    assert ok["trip"] == decision.trip_id
    altered = bytearray(data)
    altered[data.index(b"stream") + 40] ^= 0x01
    bad = client.post(url, {"file": io.BytesIO(bytes(altered))}).json()
    assert bad["valid"] is False and bad["matches_register"] is False
    assert client.post(url, {}).status_code == 400


def test_verify_page_shows_the_verdict(client, staff_a, decision):
    client.force_login(staff_a)
    with decision.file.open("rb") as handle:
        response = client.post(reverse("documents:verify"), {"file": handle})
    assert "Chữ ký số hợp lệ" in response.text and "01/QĐ-UBND" in response.text
    assert client.post(reverse("documents:verify"), {}).status_code == 200


def test_anonymous_users_are_sent_to_sign_in(client):
    assert client.get(reverse("documents:verify")).status_code == 302
    assert client.post(reverse("api:document-verify")).status_code in (401, 403)


@pytest.mark.parametrize("extra", [0, 5])
def test_the_register_page_costs_the_same_queries_for_one_row_or_many(
    client, reviewer, approved_trip, signing_key, django_assert_num_queries, extra, monkeypatch
):
    monkeypatch.setattr(issuing, "today", lambda: dt.date(2026, 11, 28))
    for _ in range(1 + extra):
        services.issue_proposal(approved_trip, reviewer)
    client.force_login(reviewer)
    client.get(reverse("documents:register"))  # warm the session and the user's groups
    # The session, the user, the user's roles, the notifications badge (base.html), the
    # register's rows (trips joined, never one query per row): 5 for 1 row and for 6. No
    # session save: the sliding session writes at most once a minute (accounts/sessions.py).
    with django_assert_num_queries(5):
        response = client.get(reverse("documents:register"), {"year": 2026})
    assert response.status_code == 200


def test_the_decision_api_says_kt_and_for_whom(
    client, staff_a, approved_trip, signing_key, committed
):
    vice = vice_chairman(UserFactory(username="phochutich", first_name="Phó", last_name="Chủ tịch"))
    row = committed(
        services.issue_decision, approved_trip, vice, signed_as="KT.", acting_for="lanhdao"
    )
    client.force_login(staff_a)
    body = client.get(reverse("api:trip-decision", args=[row.trip_id])).json()
    assert (body["signed_as"], body["acting_for"]) == ("KT.", "lanhdao")
    assert body["signer_title"] == "PHÓ CHỦ TỊCH"
