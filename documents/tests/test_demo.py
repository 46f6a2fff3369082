from documents.demo import seed_demo_documents
from documents.models import IssuedDocument
from trips.models import TripTransition


def test_seed_issues_a_signed_decision_once_per_approved_trip(approved_trip, reviewer):
    TripTransition.objects.create(
        trip=approved_trip, from_status="submitted", to_status="approved", actor=reviewer
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
