"""The decider's own signature (AUTHORITY.md): a decision carries it first, made in the
request with the decider's credential and the PIN they typed, then the body's seal after the
commit, each an incremental update; no credential, no decision. Against the loopback PKI."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from documents import local_pki, signing
from documents.credentials import credential_add
from documents.models import IssuedDocument, SigningCredential
from trips.models import TripRequest
from trips.tests.helpers import administrator, submitted_trip

PIN = "246810"


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient  # every JSON answer checked against the schema

    return CheckedClient()


Kind = SigningCredential.Kind


@pytest.fixture
def personal(settings, signing_key):
    settings.SIGNING_PERSONAL_REQUIRED = True
    return signing_key


def give_pkcs12(pki, holder, label=local_pki.PEOPLE[0], pin=PIN):
    return credential_add(
        actor=administrator(), holder=holder, kind=Kind.PKCS12, file=pki.pkcs12(label, pin)
    )


def approve(api, trip, user, **body):
    api.force_authenticate(user)
    return api.post(f"/api/v1/trips/{trip.pk}/approve/", body, format="json")


def decision_file(trip) -> bytes:
    row = trip.issued_documents.get(kind=IssuedDocument.Kind.DECISION)
    row.refresh_from_db()
    with row.file.open("rb") as handle:
        return handle.read()


def test_a_decision_carries_the_deciders_signature_then_the_bodys(
    api, client, staff_a, head_a, personal, committed
):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)

    response = committed(approve, api, trip, head_a, note="Đồng ý.", signing_pin=PIN)

    assert response.status_code == 200, response.content
    assert PIN not in response.content.decode()
    data = decision_file(trip)
    verdict = signing.verify_pdf(data)
    assert verdict.valid, verdict.message
    person, body = verdict.signatures
    assert (person.role, person.name) == ("person", local_pki.NAMES[local_pki.PEOPLE[0]])
    assert (body.role, body.name) == ("body", "Sở Ngoại vụ")  # the agency's own key
    assert all(
        s.timestamp and s.ltv and s.subfilter == "ETSI.CAdES.detached" for s in (person, body)
    )
    # Each an incremental update: the decider's signature covers a revision the seal extends.
    first, second = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert first.signed_revision < second.signed_revision
    assert SigningCredential.objects.get(holder=head_a).not_after is not None
    # The same decision as the API and the verification page show it (one render, two
    # signatures: a second decision would cost as much again).
    body = api.get(f"/api/v1/trips/{trip.pk}/decision/").json()
    person, seal = body["signatures"]
    assert (person["role"], person["capacity"]) == ("person", body["signer_title"])
    assert person["capacity"] == "GIÁM ĐỐC" and person["valid"] and person["ltv"]
    assert (seal["role"], seal["capacity"]) == ("body", body["issuer"])
    assert seal["signed_at"].endswith("+07:00") and seal["timestamp"]

    client.force_login(staff_a)
    page = client.post(
        "/van-ban/kiem-tra/", {"file": SimpleUploadedFile("qd.pdf", decision_file(trip))}
    ).content.decode()
    table = page[page.index('id="verify-signatures"') :]
    assert len(re.findall(r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d \+07:00", table)) == 2
    assert "Người có thẩm quyền" in table and "Cơ quan ban hành" in table
    assert not re.search(r"\d{4}-\d\d-\d\d", page[page.index('id="verify-result"') :])


def test_without_a_credential_the_decision_is_refused_409_and_nothing_moves(
    api, staff_a, head_a, personal
):
    trip = submitted_trip(staff_a)

    response = approve(api, trip, head_a, signing_pin=PIN)

    assert response.status_code == 409
    assert "chưa có chứng thư ký số cá nhân: không thể ký quyết định." in response.json()["detail"]
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED
    assert not trip.issued_documents.filter(kind=IssuedDocument.Kind.DECISION).exists()


def test_another_persons_credential_does_not_sign_for_the_decider(api, staff_a, head_a, personal):
    give_pkcs12(personal, staff_a)  # someone else's key is no key of the decider's
    trip = submitted_trip(staff_a)
    assert approve(api, trip, head_a, signing_pin=PIN).status_code == 409


def test_a_wrong_pin_is_refused_on_its_field_and_never_echoed(api, staff_a, head_a, personal):
    give_pkcs12(personal, head_a)
    trip = submitted_trip(staff_a)

    response = approve(api, trip, head_a, signing_pin="999999")

    assert response.status_code == 400
    assert response.json() == {
        "signing_pin": ["Mã PIN ký số không đúng. Còn 4 lần thử trước khi chứng thư bị khóa."]
    }
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED
    assert approve(api, trip, head_a).json() == {
        "signing_pin": ["Nhập mã PIN ký số để ký quyết định."]
    }


def test_the_browser_says_why_in_vietnamese(client, staff_a, head_a, personal):
    trip = submitted_trip(staff_a)
    client.force_login(head_a)

    page = client.post(f"/ho-so/{trip.pk}/approve/", {"signing_pin": PIN}, follow=True)

    assert page.status_code == 200
    assert "chưa có chứng thư ký số cá nhân" in page.content.decode()
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.SUBMITTED


def test_a_remote_key_signs_through_the_csc_api(api, staff_a, head_a, personal, committed):
    credential_add(
        actor=administrator(),
        holder=head_a,
        kind=Kind.CSC,
        service=personal.csc_url,
        credential_id=personal.csc_credential(local_pki.PEOPLE[1]),
    )
    trip = submitted_trip(staff_a)

    response = committed(approve, api, trip, head_a, signing_pin=PIN)

    assert response.status_code == 200, response.content
    person, body = signing.verify_pdf(decision_file(trip)).signatures
    assert person.valid and person.name == local_pki.NAMES[local_pki.PEOPLE[1]]
    assert body.valid
