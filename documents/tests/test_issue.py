"""Issuing: the PDFs say what the register says, in the Decree 30 layout."""

import datetime as dt
import hashlib

import pytest
from pypdf import PdfReader

from accounts.tests.factories import UserFactory
from authority.tests.factories import vice_chairman
from documents import issuing, services, signing
from documents.exceptions import SigningNotConfigured
from documents.models import IssuedDocument


def text_of(row) -> str:
    with row.file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(handle).pages)


@pytest.fixture
def decider(db):
    return UserFactory(username="chutich", first_name="Lê Văn", last_name="Bình")


def test_a_decision_carries_its_number_members_dates_and_articles(
    approved_trip, decider, signing_key, monkeypatch, committed
):
    monkeypatch.setattr(issuing, "today", lambda: dt.date(2027, 1, 5))
    row = committed(services.issue_decision, approved_trip, decider)

    assert (row.number, row.symbol, row.kind) == (1, "01/QĐ-UBND", "decision")
    assert row.issued_on == dt.date(2027, 1, 5) and row.is_signed
    text = " ".join(text_of(row).split())
    assert "Số: 01/QĐ-UBND" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2027" in text
    for words in ("Nguyễn Văn Ánh", "Trần Thị Bích", "Công vụ", "Nhật Bản", "03/02/2027"):
        assert words in text
    for article in ("Điều 1.", "Điều 2.", "Điều 3.", "Điều 4.", "49/2019/QH14", "Nơi nhận"):
        assert article in text
    assert "07 ngày làm việc" in text and "05 ngày làm việc" in text
    assert "Lê Văn Bình" in text  # the signer's name under the signature's images
    with row.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == row.sha256


def test_numbers_follow_each_other_and_restart_each_year(
    approved_trip, decider, signing_key, monkeypatch, committed
):
    monkeypatch.setattr(issuing, "today", lambda: dt.date(2027, 12, 31))
    first = services.issue_proposal(approved_trip, decider)
    second = committed(services.issue_proposal, approved_trip, decider)
    monkeypatch.setattr(issuing, "today", lambda: dt.date(2028, 1, 1))
    next_year = services.issue_proposal(approved_trip, decider)

    assert [first.number, second.number, next_year.number] == [1, 2, 1]
    assert second.symbol == "02/TTr-SNgV"  # Sở Ngoại vụ's body's symbol (issue 23)
    assert "Số: 02/TTr-SNgV" in text_of(second)


def test_signed_as_prints_kt_above_the_signers_title(
    approved_trip, decider, signing_key, committed
):
    vice_chairman(decider)  # the block's own title is the signer's position's (issue 23)
    row = committed(
        services.issue_decision, approved_trip, decider, signed_as="KT.", acting_for="chutich0"
    )

    text = text_of(row)
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text
    assert (row.signed_as, row.acting_for) == ("KT.", "chutich0")


def test_an_unknown_signing_authority_is_refused(approved_trip, decider, signing_key):
    with pytest.raises(services.DocumentError):
        services.issue_decision(approved_trip, decider, signed_as="TT.")
    assert not IssuedDocument.objects.exists()


def test_without_a_key_and_without_debug_a_decision_is_refused_and_no_number_taken(
    approved_trip, decider, settings, tmp_path
):
    settings.DEBUG = False
    settings.SIGNING_PKCS12_FILE = ""
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(SigningNotConfigured, match="chữ ký số"):
        services.issue_decision(approved_trip, decider)
    assert not IssuedDocument.objects.exists()


def test_a_configured_key_file_that_is_missing_is_refused_before_a_number_is_taken(
    approved_trip, decider, signing_key, settings, tmp_path
):
    settings.SIGNING_PKCS12_FILE = str(tmp_path / "gone.p12")
    with pytest.raises(SigningNotConfigured, match=r"gone\.p12"):
        services.issue_decision(approved_trip, decider)
    assert not IssuedDocument.objects.exists()


def test_with_debug_and_no_key_a_throwaway_ca_is_made_under_media_root(
    approved_trip, decider, settings, tmp_path, committed
):
    settings.DEBUG = True
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = ""
    settings.SIGNING_TSA_URL = ""
    settings.MEDIA_ROOT = tmp_path
    row = committed(services.issue_decision, approved_trip, decider)
    assert row.is_signed and row.is_rendered and (tmp_path / "signing-dev" / "ca.pem").exists()
    # Timestamped by the throw-away TSA beside the throw-away CA (B-T, as a real one would be).
    with row.file.open("rb") as handle:
        verdict = signing.verify_pdf(handle.read())
    assert verdict.valid and verdict.signatures[0].timestamp


def test_the_renderer_fetches_nothing():
    from weasyprint.urls import URLFetchingError

    from documents.rendering import NoFetching

    for url in ("http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"):
        with pytest.raises(URLFetchingError):
            NoFetching().fetch(url)


def test_the_proposal_prints_the_submitter_s_position_title_where_they_hold_one(
    approved_trip, head_a, signing_key
):
    signed = services.issue_proposal(approved_trip, head_a)
    assert signed.content["document"]["signature"]["title"] == "GIÁM ĐỐC"
    by_staff = services.issue_proposal(approved_trip, UserFactory())
    assert by_staff.content["document"]["signature"]["title"] == "SỞ NGOẠI VỤ"  # as before


def test_an_agency_s_header_abbreviates_the_people_s_committee_on_one_line(
    approved_trip, head_a, signing_key, committed
):
    """Decree 30, Appendix I: the parent body, abbreviated, on one line over the issuer."""
    row = committed(services.issue_proposal, approved_trip, head_a)
    document = row.content["document"]
    assert document["issuer_parent"] == ["UBND THÀNH PHỐ HỒ CHÍ MINH"]
    assert document["issuer_lines"] == ["Sở Ngoại vụ"]
    head = text_of(row).split("Số:")[0]
    assert head.split() == "UBND THÀNH PHỐ HỒ CHÍ MINH SỞ NGOẠI VỤ".split()


def test_the_people_s_committee_s_own_header_keeps_its_full_name(db):
    from documents import contexts

    symbol, lines, _name, parent = contexts.province_issuer()
    assert (symbol, lines, parent) == ("UBND", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"], [])
    assert contexts.department_issuer()[3] == ["UBND THÀNH PHỐ HỒ CHÍ MINH"]
