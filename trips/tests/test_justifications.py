"""Justifications only for the warnings a request actually has (POLICY.md, settled readings):
another code is refused, one left over from earlier facts is dropped, so the "warnings
overridden" statistics count real overrides."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from api.tests.openapi import assert_matches_schema
from approvals import services as approval_services
from trips import services
from trips.exceptions import JustificationNotApplicable
from trips.models import TripRequest
from trips.policy.facts import MemberData
from trips.tests.helpers import JUSTIFIED, draft_trip, ready_officials, trip_fields

pytestmark = pytest.mark.django_db


def members_of(trip):
    return [MemberData(m.official_id, m.is_head) for m in trip.members.all()]


def warnings_of(trip):
    return {f["code"] for f in trip.findings if f["severity"] == "warn"}


def test_a_draft_keeps_justifications_of_its_warnings(staff_a):
    draft = draft_trip(staff_a)
    assert warnings_of(draft) == {"NOT_IN_ANNUAL_PLAN"}
    saved = services.trip_save_draft(
        actor=staff_a,
        trip=draft,
        fields={"justifications": {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}},
        members=members_of(draft),
    )
    assert saved.justifications == {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}


@pytest.mark.parametrize(
    "code",
    [
        "LARGE_DELEGATION",  # a real code, but not a warning of this request
        "ENTERPRISE_SPONSORED",  # a block is never overridden
        "WHATEVER",
    ],
)
def test_a_justification_for_anything_else_is_refused_and_nothing_changes(staff_a, code):
    draft = draft_trip(staff_a)
    with pytest.raises(JustificationNotApplicable) as refused:
        services.trip_save_draft(
            actor=staff_a,
            trip=draft,
            fields={
                "title": "Đổi tên",
                "justifications": {"NOT_IN_ANNUAL_PLAN": JUSTIFIED, code: JUSTIFIED},
            },
            members=members_of(draft),
        )
    assert refused.value.codes == [code] and code in refused.value.message
    draft.refresh_from_db()
    assert draft.title != "Đổi tên" and draft.justifications == {}


def test_a_new_request_with_a_foreign_justification_is_not_created(staff_a):
    people = ready_officials(staff_a.agency, 1)
    with pytest.raises(JustificationNotApplicable):
        services.trip_save_draft(
            actor=staff_a,
            fields=trip_fields(justifications={"YEAR_EDGE": JUSTIFIED}),
            members=[MemberData(people[0].id, True)],
        )
    assert not TripRequest.objects.exists()


def test_a_justification_left_over_from_earlier_facts_is_dropped(staff_a):
    """Six members warn LARGE_DELEGATION; with five the warning and its justification go,
    even when the edit does not send the justifications again."""
    draft = draft_trip(staff_a, n=6)
    justified = {code: JUSTIFIED for code in warnings_of(draft)}
    assert "LARGE_DELEGATION" in justified
    services.trip_save_draft(
        actor=staff_a, trip=draft, fields={"justifications": justified}, members=members_of(draft)
    )
    five = members_of(draft)[:5]
    saved = services.trip_save_draft(actor=staff_a, trip=draft, fields={}, members=five)
    assert "LARGE_DELEGATION" not in saved.justifications
    assert saved.justifications == {code: JUSTIFIED for code in warnings_of(saved)}


def test_submit_keeps_only_the_current_warnings(staff_a):
    draft = draft_trip(staff_a)
    # A justification stored earlier for a warning the request no longer has.
    TripRequest.objects.filter(pk=draft.pk).update(
        justifications={"NOT_IN_ANNUAL_PLAN": JUSTIFIED, "TRIP_QUOTA_AT_RISK": JUSTIFIED}
    )
    draft.refresh_from_db()
    submitted = approval_services.trip_submit(trip=draft, actor=staff_a)
    submitted.refresh_from_db()
    assert submitted.justifications == {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}
    assert submitted.history.last().justifications == {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}


def test_the_api_answers_400_naming_the_code(staff_a):
    people = ready_officials(staff_a.agency, 1)
    body = {
        "kind": "business", "title": "Đoàn", "countries": ["JP"],
        "departure_date": "2027-06-07", "return_date": "2027-06-11",
        "members": [{"official": people[0].pk, "is_head": True}],
        "justifications": {"NOT_IN_ANNUAL_PLAN": JUSTIFIED, "LARGE_DELEGATION": "thổi phồng"},
    }  # fmt: skip
    api = APIClient()
    api.force_authenticate(staff_a)
    response = api.post("/api/v1/trips/", body, format="json")
    assert response.status_code == 400
    assert_matches_schema(response)
    assert "LARGE_DELEGATION" in response.content.decode()
    assert not TripRequest.objects.exists()
    body["justifications"] = {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}
    created = api.post("/api/v1/trips/", body, format="json")
    assert created.status_code == 201
    url = f"/api/v1/trips/{created.json()['id']}/"
    response = api.patch(url, {"justifications": {"BOGUS": "x"}}, format="json")
    assert response.status_code == 400 and "BOGUS" in response.content.decode()
    assert api.get(url).json()["justifications"] == {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}


def test_the_browser_form_does_not_send_a_stale_justification(client, staff_a):
    """A box left over from an earlier state of the form (the live panel not refreshed, or
    a hand-made POST) is not stored."""
    person = ready_officials(staff_a.agency, 1)[0]
    form = {
        "kind": "business", "title": "Đoàn", "purpose": "x", "countries": ["JP"],
        "departure_date": "07/06/2027", "return_date": "11/06/2027", "inviter": "x",
        "organiser_type": "state", "estimated_cost_vnd": "0", "members": [person.pk],
        "justification-NOT_IN_ANNUAL_PLAN": JUSTIFIED,
        "justification-LARGE_DELEGATION": "còn sót lại",
        "action": "save",
    }  # fmt: skip
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form)
    assert response.status_code == 302
    trip = TripRequest.objects.get()
    assert trip.justifications == {"NOT_IN_ANNUAL_PLAN": JUSTIFIED}
