"""Two decisions on one request at the same moment through the API, on PostgreSQL with real
threads: the view reads the request locked in the move it opens (core.workflow.move), so the
second waits, then finds it decided; one decision, one history row, one document."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from approvals import services
from core.tests.threads import run_at_once
from documents.models import IssuedDocument
from portal.tests.test_chain_budget import _ready
from trips.models import TripRequest

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migration_data"),
]


def test_an_approval_and_a_rejection_at_once_decide_once(staff_a, head_a):
    trip = services.trip_submit(trip=_ready(staff_a, 2), actor=staff_a)
    key = Token.objects.create(user=head_a).key

    def post(action, body):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        response = client.post(f"/api/v1/trips/{trip.pk}/{action}/", body, format="json")
        return action, response.status_code

    answers, _ = run_at_once(
        [lambda: post("approve", {"note": ""}), lambda: post("reject", {"reason": "Không"})]
    )
    statuses = sorted(code for _action, code in answers)
    assert statuses[0] == 200 and statuses[1] in (403, 409), answers
    won = next(action for action, code in answers if code == 200)
    trip.refresh_from_db()
    assert trip.status == {"approve": "approved", "reject": "rejected"}[won]
    decided = trip.history.filter(to_status__in=["approved", "rejected"])
    assert decided.count() == 1
    decisions = IssuedDocument.objects.filter(trip=trip, kind=IssuedDocument.Kind.DECISION)
    assert decisions.count() == (1 if won == "approve" else 0)
    assert TripRequest.objects.filter(pk=trip.pk, status="submitted").count() == 0
