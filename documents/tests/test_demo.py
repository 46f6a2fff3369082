from documents.demo import seed_demo_documents
from documents.models import IssuedDocument
from trips.models import TripTransition


def test_seed_issues_a_signed_decision_once_per_approved_trip(approved_trip, head_a):
    TripTransition.objects.create(
        trip=approved_trip, from_status="submitted", to_status="approved", actor=head_a
    )

    assert seed_demo_documents() == 1
    assert seed_demo_documents() == 0
    decision = IssuedDocument.objects.get(trip=approved_trip)
    assert decision.kind == "decision" and decision.is_signed


def test_a_past_decided_trip_gets_no_new_decision(approved_trip, administrator):
    TripTransition.objects.create(
        trip=approved_trip, from_status="", to_status="approved", actor=administrator
    )
    assert seed_demo_documents() == 0


def test_demo_signers_get_a_throwaway_credential_that_signs_with_the_demo_pin(
    staff_a, head_a, administrator, settings, tmp_path, committed
):
    from approvals import services
    from documents.demo import DEMO_PIN, seed_demo_credentials
    from documents.signing import verify_pdf
    from trips.tests.helpers import submitted_trip

    settings.DEBUG, settings.MEDIA_ROOT = True, tmp_path  # the throw-away CA and its TSA
    settings.SIGNING_PKCS12_FILE = settings.SIGNING_TRUST_ROOTS = settings.SIGNING_TSA_URL = ""
    settings.SIGNING_PERSONAL_REQUIRED = True
    from authority.models import Body

    Body.objects.update(key_source="", key_pkcs12=None)  # a new demo database's bodies
    assert seed_demo_credentials([head_a], administrator)
    assert seed_demo_credentials([head_a], administrator)  # once: still one credential
    assert head_a.signing_credentials.count() == 1
    # Each body its own throw-away key, named after it (the Committee's too).
    assert not Body.objects.filter(key_source="").exists()

    trip = committed(
        services.trip_approve, trip=submitted_trip(staff_a), actor=head_a, signing_pin=DEMO_PIN
    )

    with trip.issued_documents.get(kind="decision").file.open("rb") as handle:
        verdict = verify_pdf(handle.read())
    assert verdict.valid, verdict.message
    assert [s.role for s in verdict.signatures] == ["person", "body"]
    assert verdict.signatures[1].name == "Sở Ngoại vụ"  # sealed by the agency's own key
