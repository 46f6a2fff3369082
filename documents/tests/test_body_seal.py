"""The issuing body's signature (its seal) on every document it issues, not decisions alone:
the proposal, the post-trip report, the passport hand-over and hand-back records and the loss
notice each carry one PAdES B-LT signature of the body, visible where the page has a
signature block; the register says signed. No body key: the move that would issue one is
refused with a clear message and nothing is saved."""

import datetime as dt
import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from accounts.tests.factories import UserFactory
from documents import local_pki, services, signing
from documents.models import IssuedDocument
from passports.models import Handout
from passports.services import passport_hand_out
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.helpers import draft_trip


def text_of(row) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content(row))).pages)


def content(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def assert_sealed(row, body):
    """Sealed by `body`'s own certificate (its name), not the People's Committee's."""
    data = content(row)
    verdict = signing.verify_pdf(data)
    assert verdict.valid, (row.kind, verdict.message)
    (seal,) = verdict.signatures
    assert (seal.role, seal.name) == ("body", body), row.kind
    assert seal.name != local_pki.NAMES[local_pki.BODY]
    assert seal.timestamp and seal.ltv and seal.subfilter == "ETSI.CAdES.detached"
    # Visible: the seal's field has an area on the page (its image is the appearance).
    (field,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    left, bottom, right, top = (float(v) for v in field.sig_field["/Rect"])
    assert right - left > 50 and top - bottom > 50, row.kind
    assert row.is_signed and row.sha256


def test_every_kind_of_document_carries_the_bodys_seal(approved_trip, signing_key, committed):
    staff = UserFactory(first_name="Phạm Thị", last_name="Hoa")
    passport = approved_trip.members.first().official.passports.first()
    handout = Handout.objects.create(
        passport=passport,
        trip=approved_trip,
        handed_out_on=dt.date(2027, 1, 30),
        received_by="Nguyễn Văn Ánh",
        due_back_on=dt.date(2027, 2, 16),
    )
    report = PostTripReport.objects.create(
        trip=approved_trip, due_on=dt.date(2027, 2, 22), summary="Đạt mục đích đề ra."
    )
    rows = [
        committed(services.issue_proposal, approved_trip, staff),
        committed(services.issue_report, report, staff),
        committed(services.issue_handover, handout, staff),
        committed(
            services.issue_loss_notice,
            {"passport": passport, "lost_on": dt.date(2027, 2, 5), "where": "Narita"},
            staff,
        ),
    ]
    handout.returned_on = dt.date(2027, 2, 10)
    handout.save(update_fields=["returned_on"])
    rows.append(committed(services.issue_handover, handout, staff))  # the hand-back

    # The agency's proposal and report under its name, the Department's records under its own.
    for row, body in zip(rows, ["Sở Ngoại vụ"] * 2 + ["Sở Nội vụ"] * 3, strict=True):
        assert_sealed(row, body)
    assert "documents/appearance.py" not in text_of(rows[2])  # the template's comment
    assert IssuedDocument.objects.filter(is_signed=False).count() == 0


@pytest.fixture
def no_body_key(agency_a, settings, tmp_path):
    """Neither the agency's body nor the Department has a key of its own, nor is one in the
    environment (which would sign for the People's Committee alone)."""
    from authority.models import Body

    Body.objects.exclude(code=Body.PROVINCE).update(key_source="", key_pkcs12=None)
    settings.DEBUG = False
    settings.SIGNING_PKCS12_FILE = ""
    settings.SIGNING_TRUST_ROOTS = ""
    settings.MEDIA_ROOT = tmp_path


def test_without_a_body_key_a_submission_is_refused_with_a_message_and_nothing_saved(
    staff_a, no_body_key
):
    from api.tests.conftest import CheckedClient

    trip = draft_trip(staff_a)
    trip.justifications = {f["code"]: "Có lý do." for f in trip.findings}
    trip.save(update_fields=["justifications"])
    api = CheckedClient()
    api.force_authenticate(staff_a)

    response = api.post(f"/api/v1/trips/{trip.pk}/submit/", {}, format="json")

    assert response.status_code == 400
    assert "không thể ban hành văn bản chưa ký" in response.json()["non_field_errors"][0]
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.DRAFT and trip.submitted_at is None
    assert not IssuedDocument.objects.exists()


def test_without_a_body_key_a_hand_out_is_refused_and_the_passport_stays(
    approved_trip, custodian, no_body_key
):
    passport = approved_trip.members.first().official.passports.first()
    with pytest.raises(services.DocumentError, match="không thể ban hành văn bản chưa ký"):
        passport_hand_out(passport=passport, actor=custodian, trip=approved_trip, received_by="Ánh")
    passport.refresh_from_db()
    assert not Handout.objects.exists() and not IssuedDocument.objects.exists()
    assert passport.status == "in_custody"
