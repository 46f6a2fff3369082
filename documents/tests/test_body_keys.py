"""Each issuing body seals with its own key (issue 24, AUTHORITY.md): a decision of an agency is
sealed with that agency's certificate, not the People's Committee's; a body with no key is
refused, named, before a number is taken, with nothing saved; the People's Committee alone may
sign with the key the environment configures; the administrator sets a body's key (an upload
kept encrypted, or a label in the token), with an audit row."""

import io

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.reader import PdfFileReader

from approvals.services import trip_approve
from approvals.tests.chain_helpers import submitted_at_level
from authority.models import AuthorityChange, Body
from authority.tests.factories import body_of
from documents import body_key, local_pki, signing
from documents.credentials import CredentialInvalid
from documents.models import IssuedDocument
from documents.testing import BODY_PASSWORD
from trips.models import TripRequest
from trips.tests.helpers import draft_trip

UBND = local_pki.NAMES[local_pki.BODY]


def content(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def seal_certificate(data: bytes):
    """The certificate that made the last signature (the seal)."""
    return PdfFileReader(io.BytesIO(data)).embedded_signatures[-1].signer_cert


def decided_by_the_agency(staff_a, head_a, committed):
    trip = submitted_at_level(staff_a, "agency")
    committed(trip_approve, trip=trip, actor=head_a)
    return IssuedDocument.objects.get(trip=trip, kind=IssuedDocument.Kind.DECISION)


def test_an_agency_s_decision_is_sealed_with_the_agency_s_certificate_not_the_committee_s(
    staff_a, head_a, signing_key, committed
):
    row = decided_by_the_agency(staff_a, head_a, committed)
    row.refresh_from_db()
    data = content(row)

    assert row.symbol.endswith("/QĐ-SNgV")
    certificate = seal_certificate(data)
    subject = certificate.subject.native
    assert subject["common_name"] == subject["organization_name"] == "Sở Ngoại vụ"
    ubnd = signing_key.certificate(local_pki.BODY)
    assert certificate.public_key.dump() != ubnd.public_key.dump()
    # The very key stored for the agency's body signed it.
    _key, own, _root = signing_key.body_key_and_certificate("Sở Ngoại vụ")
    assert certificate.dump() == own.public_bytes(serialization.Encoding.DER)
    verdict = signing.verify_pdf(data)
    assert verdict.valid and [s.name for s in verdict.signatures] == ["Sở Ngoại vụ"]


def test_the_committee_without_a_key_of_its_own_signs_with_the_environment_s(
    approved_trip, signing_key, committed
):
    from accounts.tests.factories import UserFactory
    from documents import services

    row = committed(services.issue_decision, approved_trip, UserFactory())
    assert row.symbol.endswith("/QĐ-UBND")
    assert seal_certificate(content(row)).subject.native["common_name"] == UBND


@pytest.fixture
def keyless_agency(agency_a, signing_key):
    Body.objects.filter(agency=agency_a).update(key_source="", key_pkcs12=None, key_password="")
    return agency_a


def test_a_decision_of_a_body_without_a_key_is_refused_naming_it_and_nothing_is_saved(
    staff_a, head_a, signing_key
):
    trip = submitted_at_level(staff_a, "agency")  # its proposal sealed while it had a key
    Body.objects.filter(agency=staff_a.agency).update(key_source="", key_pkcs12=None)
    before = IssuedDocument.objects.count()

    with pytest.raises(signing.SigningNotConfigured) as refused:
        trip_approve(trip=trip, actor=head_a)

    assert "Sở Ngoại vụ chưa có khóa ký số của cơ quan" in str(refused.value)
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED
    assert IssuedDocument.objects.count() == before  # no number taken


def test_a_proposal_of_a_body_without_a_key_is_refused_naming_it_through_the_api(
    staff_a, keyless_agency
):
    from api.tests.conftest import CheckedClient

    trip = draft_trip(staff_a)
    trip.justifications = {f["code"]: "Có lý do." for f in trip.findings}
    trip.save(update_fields=["justifications"])
    api = CheckedClient()
    api.force_authenticate(staff_a)

    response = api.post(f"/api/v1/trips/{trip.pk}/submit/", {}, format="json")

    assert response.status_code == 400
    message = response.json()["non_field_errors"][0]
    assert message.startswith("Sở Ngoại vụ chưa có khóa ký số của cơ quan")
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.DRAFT and not IssuedDocument.objects.exists()


def test_another_body_never_falls_back_to_the_environment_s_key(keyless_agency):
    body = body_of(keyless_agency)
    with pytest.raises(signing.SigningNotConfigured, match="Sở Ngoại vụ"):
        signing.ready(body)
    with pytest.raises(signing.SigningNotConfigured), body_key.body_key(body):
        pass


def test_each_body_s_key_is_kept_per_body_and_version(agency_a, agency_b, signing_key):
    first, second = body_of(agency_a), body_of(agency_b)
    with body_key.body_key(first) as a, body_key.body_key(second) as b:
        assert a is not b
        assert a.signing_cert.subject.native["common_name"] == "Sở Ngoại vụ"
        assert b.signing_cert.subject.native["common_name"] == "Sở Công Thương"
    with body_key.body_key(first) as again:
        assert again is a  # opened once
    renewed = body_key.key_set(
        actor=_administrator(),
        body=first,
        source=Body.KeySource.PKCS12,
        pkcs12=signing_key.pkcs12(local_pki.PEOPLE[0], "moi"),
        password="moi",
    )
    with body_key.body_key(renewed) as after:
        assert after is not a  # a new key is opened afresh, never the old one


def _administrator():
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    return UserFactory(roles=[Role.ADMINISTRATOR])


def test_the_administrator_uploads_a_body_s_pkcs12_kept_encrypted_with_an_audit_row(
    agency_a, signing_key
):
    body = body_of(agency_a)
    data = signing_key.body_pkcs12("Sở Ngoại vụ (mới)", "mat-khau-moi")
    administrator = _administrator()

    with pytest.raises(CredentialInvalid, match="Mật khẩu"):
        body_key.key_set(
            actor=administrator, body=body, source="pkcs12", pkcs12=data, password="sai"
        )
    with pytest.raises(CredentialInvalid, match="PKCS#12"):
        body_key.key_set(
            actor=administrator, body=body, source="pkcs12", pkcs12=b"%PDF-", password="x"
        )
    assert not AuthorityChange.objects.filter(target=f"body-key:{body.pk}").exists()

    saved = body_key.key_set(
        actor=administrator, body=body, source="pkcs12", pkcs12=data, password="mat-khau-moi"
    )

    saved.refresh_from_db()
    stored = bytes(saved.key_pkcs12)
    assert data not in stored and b"mat-khau-moi" not in stored + saved.key_password.encode()
    assert "Sở Ngoại vụ (mới)" in saved.key_subject
    change = AuthorityChange.objects.get(target=f"body-key:{body.pk}")
    assert change.actor == administrator and change.new_value["source"] == "pkcs12"
    assert "mat-khau" not in str(change.new_value) + str(change.old_value)
    with body_key.body_key(saved) as signer:
        assert signer.signing_cert.subject.native["common_name"] == "Sở Ngoại vụ (mới)"


def test_only_the_administrator_sets_a_body_s_key(agency_a, staff_a, signing_key):
    from django.core.exceptions import PermissionDenied

    body = body_of(agency_a)
    with pytest.raises(PermissionDenied):
        body_key.key_set(actor=staff_a, body=body, source="")
    assert Body.objects.get(pk=body.pk).key_source == "pkcs12"


def test_a_body_s_key_in_the_token_by_its_label_seals_its_documents(
    agency_a, agency_b, softhsm, settings, committed, signing_key
):
    """Each body its own label in the SoftHSM2 token: the seal is made on the token with that
    body's key (its certificate names it), the session shared, the signers per body."""
    settings.SIGNING_BODY_KEY = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = softhsm
    settings.SIGNING_PKCS11_TOKEN = "travelmgmt"
    settings.SIGNING_PKCS11_PIN = "1234"
    administrator = _administrator()
    bodies = {}
    for agency, label in ((agency_a, "co-quan-sngv"), (agency_b, "co-quan-sct")):
        local_pki.softhsm_body_key(signing_key, agency.name, key_label=label)
        bodies[agency.name] = body_key.key_set(
            actor=administrator, body=body_of(agency), source="pkcs11", label=label
        )
    with pytest.raises(CredentialInvalid, match="nhãn"):
        body_key.key_set(
            actor=administrator, body=body_of(agency_a), source="pkcs11", label="khong-co"
        )

    for name, body in bodies.items():
        assert body.key_subject.endswith(name) or name in body.key_subject
        pdf = _unsigned()
        signed = signing.sign_pdf(pdf, symbol="01/TTr-X", signer_name=name, body=body)
        assert seal_certificate(signed).subject.native["common_name"] == name
        assert signing.verify_pdf(signed).valid
    with (
        body_key.body_key(bodies["Sở Ngoại vụ"]) as a,
        body_key.body_key(bodies["Sở Công Thương"]) as b,
    ):
        assert a is not b and a.pkcs11_session is b.pkcs11_session


def _unsigned() -> bytes:
    import datetime as dt

    from documents import contexts as c
    from documents.rendering import render_pdf

    document = c.Document(
        kind="proposal", symbol="1/TTr-X", issued_on=dt.date(2027, 1, 5), heading="TỜ TRÌNH",
        subject="Thử", issuer_lines=["CƠ QUAN"], issuer_parent=[],
        signature=c.Signature(name="Người ký", title="GIÁM ĐỐC"), recipients=[], extra={},
    )  # fmt: skip
    return render_pdf("documents/pdf/base.html", document.as_context())


def test_the_test_pki_gives_the_department_its_own_key_too(signing_key, db):
    department = Body.objects.department()
    assert department.key_source == "pkcs12"
    with body_key.body_key(department) as signer:
        assert signer.signing_cert.subject.native["common_name"] == department.name
    assert BODY_PASSWORD  # the test PKI's PKCS#12 password (documents/testing.py)


def test_verification_shows_the_agency_s_seal_under_its_name_page_and_api(
    staff_a, head_a, signing_key, committed, client
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from api.tests.conftest import CheckedClient

    row = decided_by_the_agency(staff_a, head_a, committed)
    row.refresh_from_db()
    data = content(row)
    api = CheckedClient()
    api.force_authenticate(head_a)

    answer = api.post(
        "/api/v1/documents/verify/",
        {"file": SimpleUploadedFile("qd.pdf", data, content_type="application/pdf")},
        format="multipart",
    ).json()

    assert answer["valid"] and answer["matches_register"]
    (seal,) = [s for s in answer["signatures"] if s["role"] == "body"]
    assert (seal["name"], seal["capacity"]) == ("Sở Ngoại vụ", "Sở Ngoại vụ")
    assert UBND not in str(answer)
    client.force_login(head_a)
    page = client.post(
        "/van-ban/kiem-tra/", {"file": SimpleUploadedFile("qd.pdf", data)}
    ).content.decode()
    table = page[page.index('id="verify-signatures"') :]
    assert "Sở Ngoại vụ" in table and UBND not in page
