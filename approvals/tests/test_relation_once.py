"""The user's relation to a request (approvals.workflow.trip_relation: the chain's step
permissions, several queries) is worked out once per request: the view's check and the
service's, on its locked row, share it (core.workflow.relation_for)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from approvals import workflow
from approvals.tests.chain_helpers import submitted_at_level
from core.workflow import relation_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def relations(monkeypatch):
    """Every working-out of a trip relation, however reached (the table, the services)."""
    calls = []

    def counted(user, **kwargs):
        calls.append(user.pk)
        return relation_of(user, **kwargs)

    monkeypatch.setattr(workflow, "relation_of", counted)
    return calls


def test_a_browser_action_works_it_out_once(client, staff_a, head_a, relations):
    trip = submitted_at_level(staff_a, "agency")
    client.force_login(head_a)
    relations.clear()
    url = reverse("trips:action", args=[trip.pk, "return"])
    response = client.post(url, {"reason": "Bổ sung lịch trình."})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == "returned"
    assert relations == [head_a.pk]


def test_an_api_action_works_it_out_once(staff_a, head_a, relations):
    trip = submitted_at_level(staff_a, "agency")
    api = APIClient()
    api.force_authenticate(head_a)
    relations.clear()
    response = api.post(f"/api/v1/trips/{trip.pk}/approve/", {"note": ""}, format="json")
    assert response.status_code == 200, response.content
    trip.refresh_from_db()
    assert trip.status == "approved"
    assert relations == [head_a.pk]
