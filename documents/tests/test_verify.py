"""Signature round trip: issued → valid; one byte changed → invalid; another key → untrusted."""

import pytest
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from documents import pki, services, signing
from documents.rendering import render_pdf
from documents.signing import sign_pdf
from documents.verification import verify_upload


@pytest.fixture
def decision(approved_trip, signing_key, committed):
    actor = UserFactory(username="chutich", first_name="Lê Văn", last_name="Bình")
    return committed(services.issue_decision, approved_trip, actor)


def bytes_of(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def test_the_issued_file_is_valid_and_matches_the_register(decision):
    result = verify_upload(bytes_of(decision))

    assert result.valid and result.matches_register
    assert (result.number, result.symbol, result.trip) == (1, "01/QĐ-UBND", decision.trip_id)
    assert "travelmgmt" not in result.signer and result.signer  # the certificate's name
    assert result.signed_at and result.issued_on == decision.issued_on.isoformat()


def test_one_changed_byte_makes_it_invalid_with_a_vietnamese_message(decision):
    data = bytearray(bytes_of(decision))
    # A byte inside the signed content (the first page's stream), not the signature itself.
    position = data.index(b"stream") + 40
    data[position] ^= 0x01

    result = verify_upload(bytes(data))

    assert not result.valid and not result.matches_register
    assert "không hợp lệ" in result.message or "hỏng" in result.message


def test_a_file_signed_by_another_key_is_not_trusted(decision, tmp_path, settings):
    unsigned = render_pdf("documents/pdf/decision.html", {"doc": {"symbol": "99"}})
    stranger = pki.make_material(tmp_path / "stranger", signer_name="Kẻ lạ")
    trusted_roots = settings.SIGNING_TRUST_ROOTS
    settings.SIGNING_PKCS12_FILE = str(stranger.pkcs12_file)
    settings.SIGNING_PKCS12_PASSWORD = stranger.password
    settings.SIGNING_TRUST_ROOTS = str(stranger.trust_roots)
    settings.SIGNING_TSA_URL = ""  # the stranger's own throw-away TSA
    forged = sign_pdf(unsigned, symbol="99/QĐ-UBND", signer_name="Kẻ lạ")
    settings.SIGNING_TRUST_ROOTS = trusted_roots  # verification trusts only the province's CA

    result = verify_upload(forged)

    assert not result.valid and not result.matches_register
    assert "không do cơ quan được tin cậy ký" in result.message
    assert result.signer == "Kẻ lạ"


def test_a_file_without_signature_or_not_a_pdf_is_invalid(db, signing_key):
    import io

    from pypdf import PdfWriter

    blank, writer = io.BytesIO(), PdfWriter()
    writer.add_blank_page(595, 842)
    writer.write(blank)
    assert verify_upload(blank.getvalue()).message == "Tệp không có chữ ký số."
    assert not verify_upload(b"hello").valid


def test_the_symbol_is_in_the_pdf_metadata(decision):
    with decision.file.open("rb") as handle:
        assert PdfReader(handle).metadata["/Subject"] == "01/QĐ-UBND"


def test_signing_and_verifying_work_from_a_thread_that_runs_an_event_loop(signing_key):
    import asyncio

    unsigned = render_pdf("documents/pdf/decision.html", {"doc": {"symbol": "07"}})

    async def inside_a_loop():
        signed = sign_pdf(unsigned, symbol="07/QĐ-UBND", signer_name="Lê Văn Bình")
        return signing.verify_pdf(signed)

    # A thread of its own: the test process may already run Playwright's loop in this one.
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result().valid
