"""Demo data: a signed decision for each of the demo's approved trips (idempotent).

Approvals through `trip_approve` issue their decision already; this catches the trips that
were approved before the documents app existed (an older demo database). Trips recorded as
*past decided trips* keep the decision they were recorded with and get none here."""

from django.db import transaction

from documents import services
from documents.models import IssuedDocument
from trips.models import TripRequest, TripTransition

DECIDED = (TripRequest.Status.APPROVED, TripRequest.Status.COMPLETED)
DECISION_KINDS = (IssuedDocument.Kind.DECISION, IssuedDocument.Kind.PERMISSION)


def seed_demo_documents() -> int:
    """Issue the missing decisions; returns how many were issued."""
    approvals = (
        TripTransition.objects.filter(
            trip__status__in=DECIDED,
            from_status=TripRequest.Status.SUBMITTED,
            to_status=TripRequest.Status.APPROVED,
        )
        .exclude(trip__issued_documents__kind__in=DECISION_KINDS)
        .select_related("trip__agency", "actor")
        .order_by("at", "id")
    )
    issued = 0
    for approval in approvals:
        if approval.actor is None:
            continue
        with transaction.atomic():
            trip = TripRequest.objects.select_for_update().get(pk=approval.trip_id)
            if trip.issued_documents.filter(kind__in=DECISION_KINDS).exists():
                continue
            services.issue_decision(trip, approval.actor)
            issued += 1
    return issued
