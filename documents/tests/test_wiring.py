"""The services issue their documents: submit → proposal, approve → signed decision,
hand-out and hand-back → hand-over records, report submitted → report; and a refused
signature fails the approval as a whole."""

import datetime as dt

import pytest
from pypdf import PdfReader

from documents.exceptions import SigningNotConfigured
from documents.models import IssuedDocument
from passports import services as passport_services
from reports import services as report_services
from trips.models import TripRequest
from trips.tests.helpers import approved_trip, submitted_trip

Kind = IssuedDocument.Kind


def text_of(row) -> str:
    with row.file.open("rb") as handle:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())


def kinds(trip):
    return list(trip.issued_documents.order_by("id").values_list("kind", flat=True))


def test_submit_issues_a_proposal_and_approve_a_signed_decision(
    staff_a, head_a, signing_key, committed
):
    trip = committed(approved_trip, staff_a, head_a)

    assert kinds(trip) == [Kind.PROPOSAL, Kind.DECISION]
    decision = trip.issued_documents.get(kind=Kind.DECISION)
    # Officials the agency manages: its own decision, in its own series (issue 23).
    assert decision.is_signed and decision.symbol.endswith("/QĐ-SNgV")
    proposal = trip.issued_documents.get(kind=Kind.PROPOSAL)
    assert f"Tờ trình số {proposal.symbol}" in text_of(decision)


def test_a_private_trip_gets_a_permission(staff_a, head_a, signing_key, committed):
    trip = committed(approved_trip, staff_a, head_a, n=1, kind="private")
    assert Kind.PERMISSION in kinds(trip)
    assert "đi nước ngoài về việc riêng" in text_of(trip.issued_documents.get(kind=Kind.PERMISSION))


def test_without_a_signing_key_the_approval_fails_as_a_whole(staff_a, head_a, settings):
    from authority.models import Body

    trip = submitted_trip(staff_a)
    settings.DEBUG = False
    settings.SIGNING_PKCS12_FILE = ""
    # Neither the deciding agency's body has a key of its own (issue 24) nor the environment.
    Body.objects.filter(agency=staff_a.agency).update(key_source="", key_pkcs12=None)
    from approvals import services as trip_services

    with pytest.raises(SigningNotConfigured):
        trip_services.trip_approve(trip=trip, actor=head_a)
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED
    assert kinds(trip) == [Kind.PROPOSAL]


def test_hand_out_and_back_each_issue_a_handover_record(
    staff_a, head_a, custodian, signing_key, committed
):
    trip = approved_trip(staff_a, head_a)
    passport = trip.members.get(is_head=True).official.passports.get(kind="official")
    committed(
        passport_services.passport_hand_out,
        passport=passport, actor=custodian, trip=trip, received_by="Nguyễn Văn A",
        on_date=dt.date(2027, 6, 1),
    )  # fmt: skip
    committed(
        passport_services.passport_take_back,
        passport=passport, actor=custodian, returned_by="Trần Văn B", on_date=dt.date(2027, 6, 14),
    )  # fmt: skip

    out, back = trip.issued_documents.filter(kind=Kind.HANDOVER).order_by("id")
    assert out.handout_id == back.handout_id
    assert "Bên nhận: Nguyễn Văn A" in text_of(out) and passport.number in text_of(out)
    assert "Bên giao: Trần Văn B" in text_of(back) and "nộp lại đúng hạn" in text_of(back)


def test_submitting_the_report_issues_it(staff_a, head_a, signing_key, committed):
    trip = approved_trip(staff_a, head_a)
    report = report_services.report_open(trip=trip, actor=staff_a)
    report = report_services.report_save(
        report=report,
        actor=staff_a,
        fields={"summary": "Ký kết biên bản hợp tác.", "outcomes": "Đạt"},
    )
    committed(
        report_services.report_submit, report=report, actor=staff_a, today=dt.date(2027, 6, 14)
    )

    row = trip.issued_documents.get(kind=Kind.REPORT)
    assert row.report_id == report.pk
    assert "Ký kết biên bản hợp tác." in text_of(row) and "Báo cáo nộp trong hạn" in text_of(row)
