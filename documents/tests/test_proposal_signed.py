"""The agency's proposal (Tờ trình) signed by its head (issues 23, 24, AUTHORITY.md): at the
chain's "propose" step, with the head's own key and the PIN they type, then the agency's seal,
each an incremental update; a deputy signs KT.; no PIN, nothing issued. Against the loopback
PKI, read back with pyHanko's reader as the decision's tests do."""

import io

import pytest
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.tests.chain_helpers import submitted_at_level
from authority.tests.factories import K, body_of, hold
from documents import local_pki, signing
from documents.models import IssuedDocument
from documents.tests.test_personal import PIN, give_pkcs12

pytestmark = pytest.mark.django_db
PROPOSAL = IssuedDocument.Kind.PROPOSAL


@pytest.fixture
def personal(settings, signing_key):
    """Every signed document carries its signer's own signature (as in production)."""
    settings.SIGNING_PERSONAL_REQUIRED = True
    return signing_key


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient  # every JSON answer checked against the schema

    return CheckedClient()


def propose(api, trip, user, **body):
    api.force_authenticate(user)
    return api.post(f"/api/v1/trips/{trip.pk}/propose/", body, format="json")


def proposal_file(trip) -> bytes:
    row = trip.issued_documents.get(kind=PROPOSAL)
    row.refresh_from_db()
    with row.file.open("rb") as handle:
        return handle.read()


def test_the_head_signs_the_proposal_then_the_agency_seals_it(
    api, staff_a, head_a, personal, committed
):
    give_pkcs12(personal, head_a)
    trip = submitted_at_level(staff_a, "province", proposed=False)
    assert not trip.issued_documents.filter(kind=PROPOSAL).exists()  # not at submission

    response = committed(propose, api, trip, head_a, note="Kính trình.", signing_pin=PIN)

    assert response.status_code == 200, response.content
    assert PIN not in response.content.decode()
    data = proposal_file(trip)
    verdict = signing.verify_pdf(data)
    assert verdict.valid, verdict.message
    person, body = verdict.signatures
    assert (person.role, person.name) == ("person", local_pki.NAMES[local_pki.PEOPLE[0]])
    assert body.role == "body"
    assert all(s.subfilter == "ETSI.CAdES.detached" and s.timestamp for s in (person, body))
    first, second = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert first.signed_revision < second.signed_revision
    row = trip.issued_documents.get(kind=PROPOSAL)
    assert row.symbol.endswith("/TTr-SNgV")  # the agency's own document and series
    assert (row.issued_by, row.signed_as, row.is_signed) == (head_a, "", True)
    assert row.content["document"]["signature"]["title"] == "GIÁM ĐỐC"


def test_without_a_pin_the_step_is_refused_and_nothing_is_saved(
    api, staff_a, head_a, personal, client
):
    give_pkcs12(personal, head_a)
    trip = submitted_at_level(staff_a, "province", proposed=False)

    refused = propose(api, trip, head_a, note="")

    # The message names the document signed: a Tờ trình, not a decision.
    assert refused.status_code == 400
    assert refused.json() == {"signing_pin": ["Nhập mã PIN ký số để ký Tờ trình."]}
    client.force_login(head_a)
    page = client.post(f"/ho-so/{trip.pk}/propose/", {"note": ""}, follow=True)
    assert "Nhập mã PIN ký số để ký Tờ trình." in page.content.decode()
    assert "để ký quyết định" not in page.content.decode()
    trip.refresh_from_db()
    assert trip.status == "submitted"
    first = trip.chain_steps.order_by("position").first()
    assert (first.action, first.status) == ("propose", "active")
    assert not trip.issued_documents.exists()
    assert not trip.history.filter(action="propose").exists()


def test_no_credential_and_a_locked_one_are_refused_naming_the_proposal(
    api, staff_a, head_a, personal
):
    trip = submitted_at_level(staff_a, "province", proposed=False)

    missing = propose(api, trip, head_a, note="", signing_pin=PIN)

    assert missing.status_code == 409
    assert "chưa có chứng thư ký số cá nhân: không thể ký Tờ trình." in missing.json()["detail"]
    credential = give_pkcs12(personal, head_a)
    credential.locked_at = timezone.now()
    credential.save(update_fields=["locked_at"])
    locked = propose(api, trip, head_a, note="", signing_pin=PIN)
    assert locked.status_code == 409
    assert "lần liên tiếp: không thể ký Tờ trình." in locked.json()["detail"]
    assert "quyết định" not in missing.json()["detail"] + locked.json()["detail"]
    assert not trip.issued_documents.exists()


def test_a_deputy_signs_kt_for_the_head(staff_a, head_a):
    from approvals import services

    deputy = UserFactory(username="pho_gd", agency=staff_a.agency, roles=[Role.AGENCY_HEAD])
    hold(deputy, body_of(staff_a.agency), K.DEPUTY)
    trip = submitted_at_level(staff_a, "province", proposed=False)

    services.trip_propose(trip=trip, actor=deputy)

    row = trip.issued_documents.get(kind=PROPOSAL)
    signature = row.content["document"]["signature"]
    assert row.signed_as == "KT."
    assert (signature["signed_as"], signature["acting_for_title"], signature["title"]) == (
        "KT.",
        "GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    )
    assert row.issued_by == deputy


def test_the_decision_cites_the_signed_proposal(staff_a, head_a, reviewer):
    from approvals import services
    from authority.tests.factories import chairman

    decider = chairman(UserFactory(username="chutich", roles=[Role.DECIDER]))
    trip = submitted_at_level(staff_a, "province", sign_proposal=True)  # the head signs
    proposal = trip.issued_documents.get(kind=PROPOSAL)
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    services.trip_approve(trip=trip, actor=decider)

    decision = trip.issued_documents.get(kind=IssuedDocument.Kind.DECISION)
    bases = decision.content["document"]["extra"]["bases"]
    assert any(f"Tờ trình số {proposal.symbol}" in line for line in bases)


def test_an_authority_without_the_step_issues_the_proposal_at_submission(staff_a, head_a):
    from authority.models import Authority

    authority = Authority.objects.get(level="province")
    authority.steps = authority.steps[1:]  # an administrator's chain without it
    authority.save()
    trip = submitted_at_level(staff_a, "province")

    row = trip.issued_documents.get(kind=PROPOSAL)
    assert row.issued_by == staff_a and row.signed_as == ""
    assert [s.action for s in trip.chain_steps.all()] == ["appraise", "decide"]
