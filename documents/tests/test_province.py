"""One source for the issuing province, legal bases from the settings, and Vietnam's dates."""

import datetime as dt

import pytest
from django.conf import settings

from approvals.models import ChainStep
from documents import contexts, observers


def test_the_site_and_the_documents_name_the_same_province_by_default():
    assert settings.PROVINCE_NAME in settings.ORGANISATION_NAME
    assert settings.DOCUMENT_PROVINCE_NAME == settings.PROVINCE_NAME.upper()
    assert settings.DOCUMENT_PLACE == settings.PROVINCE_NAME


def test_legal_bases_print_what_is_set_and_nothing_else(settings):
    law, letter = contexts.legal_bases()
    assert law == (
        "Căn cứ Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14 ngày 22 tháng "
        "11 năm 2019;"
    )
    # The letter's number and date are unknown: not invented, not printed.
    assert " số " not in letter and "ngày" not in letter
    assert letter.startswith("Căn cứ Công văn của Ủy ban nhân dân tỉnh Bình Dương về ")
    settings.DOCUMENT_LEGAL_BASES = [
        {"kind": "Công văn", "number": "1234/UBND-VX", "date": "2026-03-05", "issuer": "X"}
    ]
    assert contexts.legal_bases() == [
        "Căn cứ Công văn của X số 1234/UBND-VX ngày 05 tháng 03 năm 2026;"
    ]


@pytest.mark.parametrize(
    ("utc", "printed"),
    [
        (dt.datetime(2026, 12, 6, 19, 29, tzinfo=dt.UTC), "ngày 07 tháng 12 năm 2026"),  # 02:29 +07
        (dt.datetime(2026, 12, 6, 16, 59, tzinfo=dt.UTC), "ngày 06 tháng 12 năm 2026"),  # 23:59 +07
    ],
)
def test_the_appraisal_date_in_a_decision_is_vietnams_day(utc, printed):
    step = ChainStep(action=ChainStep.Action.APPRAISE, status=ChainStep.Status.APPROVED, at=utc)
    assert observers._chain_bases([step]) == [f"Căn cứ ý kiến thẩm định của Sở Nội vụ {printed}."]


def test_a_proposal_names_a_justified_warning_by_its_vietnamese_label(
    staff_a, signing_key, committed
):
    from documents import services
    from trips.policy.labels import short_label
    from trips.tests.helpers import submitted_trip

    trip = submitted_trip(staff_a)
    trip.justifications = {"NOT_IN_ANNUAL_PLAN": "Lời mời đột xuất."}
    row = committed(services.issue_proposal, trip, staff_a)
    with row.file.open("rb") as handle:
        from pypdf import PdfReader

        text = " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())
    assert "NOT_IN_ANNUAL_PLAN" not in text
    assert f"Giải trình ({short_label('NOT_IN_ANNUAL_PLAN')}): Lời mời đột xuất." in text
