"""The register under concurrency: 20 approvals at once on PostgreSQL take numbers 1..20,
each once; a move failing after its issue gives the number back (SQLite too)."""

import datetime as dt

import pytest
from django.db import transaction

from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from approvals import services as trip_services
from core.tests.threads import run_at_once
from documents import services
from documents.models import DocumentCounter, IssuedDocument
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.tests.factories import TripFactory


@pytest.mark.postgres
# migration_data rather than serialized_rollback: restoring the serialized rows after other
# transactional tests collided with content types they had re-created (seen in CI).
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_approvals_number_their_decisions_1_to_20(migration_data, reviewer):
    trips = []
    for index in range(20):
        official = OfficialFactory()
        PassportFactory(official=official, kind="official")
        trips.append(
            TripFactory(
                agency=official.agency,
                status=TripRequest.Status.SUBMITTED,
                submitted_at="2027-01-04T08:00:00+07:00",
                departure_date=dt.date(2027, 3, 1) + dt.timedelta(days=index),
                return_date=dt.date(2027, 3, 3) + dt.timedelta(days=index),
                members=[official],
                justifications={"NOT_IN_ANNUAL_PLAN": "Đột xuất"},
            )
        )
    calls = [
        lambda trip=trip: trip_services.trip_approve(trip=trip, actor=reviewer).pk for trip in trips
    ]

    approved, refused = run_at_once(calls)

    assert len(approved) == 20 and not refused
    decisions = IssuedDocument.objects.filter(kind=IssuedDocument.Kind.DECISION)
    assert sorted(decisions.values_list("number", flat=True)) == list(range(1, 21))
    assert set(decisions.values_list("trip_id", flat=True)) == {t.pk for t in trips}


def test_a_move_failing_after_the_issue_gives_its_number_back_and_renders_nothing(
    approved_trip, committed
):
    actor = UserFactory()

    def approval_refused_after_issuing():
        with transaction.atomic():
            services.issue_decision(approved_trip, actor)
            raise services.DocumentError("a later step of the move refused")

    with pytest.raises(services.DocumentError):
        committed(approval_refused_after_issuing)  # its rendering never queued
    assert not IssuedDocument.objects.exists()
    assert DocumentCounter.objects.filter(last_number__gt=0).count() == 0

    row = committed(services.issue_decision, approved_trip, actor)
    assert row.number == 1 and row.is_rendered
