"""trips/{id}/appraise/, party-opinion/, and approve along a chain (API.md 2026-11-28),
every response checked against the generated schema (CheckedClient)."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from approvals.tests.chain_helpers import decider_user, submitted_at_level

pytestmark = pytest.mark.django_db


@pytest.fixture
def decider(db):
    return decider_user(username="decider")


def _post(api, trip, action, body):
    return api.post(f"/api/v1/trips/{trip.pk}/{action}/", body, format="json")


def test_a_province_level_request_through_the_api(api, staff_a, staff_b, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    api.force_authenticate(staff_b)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 404
    api.force_authenticate(decider)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 403
    refused = _post(api, trip, "approve", {"note": ""})
    assert refused.status_code == 409 and refused.json()["status"] == "submitted"
    api.force_authenticate(reviewer)
    assert _post(api, trip, "appraise", {"opinion": "maybe"}).status_code == 400
    assert _post(api, trip, "appraise", {"opinion": "reject"}).status_code == 400  # no reason
    done = _post(api, trip, "appraise", {"opinion": "approve", "note": "Đủ điều kiện"})
    assert done.status_code == 200, done.json()
    body = done.json()
    assert body["status"] == "appraised"
    assert body["chain"][1]["actor"] == "reviewer" and body["next_step"]["role"] == "decider"
    assert _post(api, trip, "approve", {"note": ""}).status_code == 403  # not your step
    api.force_authenticate(decider)
    approved = _post(api, trip, "approve", {"note": "Đồng ý"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["next_step"] is None
    history = api.get(f"/api/v1/trips/{trip.pk}/history/").json()
    assert [h["to_status"] for h in history][-2:] == ["appraised", "approved"]
    assert history[-1]["acting_for"] is None


def test_the_party_opinion(api, staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "standing_committee")
    api.force_authenticate(reviewer)
    early = _post(
        api,
        trip,
        "party-opinion",
        {"agreed": True, "reference": "1", "dated": str(timezone.localdate())},
    )
    assert early.status_code == 409
    _post(api, trip, "appraise", {"opinion": "approve"})
    api.force_authenticate(decider)
    before = _post(api, trip, "approve", {"note": ""})
    assert before.status_code == 409 and before.json()["status"] == "appraised"
    api.force_authenticate(reviewer)
    assert _post(api, trip, "party-opinion", {"agreed": False}).status_code == 400
    refused = _post(
        api,
        trip,
        "party-opinion",
        {
            "agreed": False,
            "reference": "77-CV/TU",
            "dated": str(timezone.localdate()),
            "note": "Chưa phù hợp",
        },
    )
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"
    assert refused.json()["chain"][2]["party_opinion"]["reference"] == "77-CV/TU"


def test_get_is_405_and_anonymous_401(api, staff_a):
    trip = submitted_at_level(staff_a, "province")
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 401
    api.force_authenticate(staff_a)
    plain = APIClient()  # a 405 is not a documented response of the schema
    plain.force_authenticate(staff_a)
    assert plain.get(f"/api/v1/trips/{trip.pk}/appraise/").status_code == 405
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 403


@pytest.mark.parametrize(
    ("action", "body"),
    [
        ("appraise", {"opinion": "reject"}),  # no reason: a 400 for one who may appraise
        ("appraise", {}),
        ("party-opinion", {"agreed": False}),
    ],
)
def test_who_may_is_checked_before_the_body(api, staff_a, action, body):
    """As in the browser (allowed_action first): the agency's staff get 403, not the field
    errors of a step that is not theirs."""
    trip = submitted_at_level(staff_a, "standing_committee")
    api.force_authenticate(staff_a)
    assert _post(api, trip, action, body).status_code == 403
    trip.refresh_from_db()
    assert trip.status == "submitted"
