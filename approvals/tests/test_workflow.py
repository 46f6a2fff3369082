"""The trip's transition table (approvals.workflow) through core.workflow: what each person is
offered, what they are refused, and a status added by a table edit alone."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from approvals import services
from approvals.workflow import TRIP_TRANSITIONS, TRIP_WORKFLOW
from core.workflow import REVIEWER, Action, actions_for, register, transition
from trips.exceptions import ReasonRequired
from trips.models import TripMember, TripRequest
from trips.tests.helpers import approved_trip, draft_trip, submitted_trip

S = TripRequest.Status


def names(user, trip):
    return [a.name for a in actions_for(user, trip)]


def test_the_table_gives_the_allowed_moves():
    assert TRIP_TRANSITIONS == {
        S.DRAFT: {S.SUBMITTED, S.WITHDRAWN},
        S.RETURNED: {S.SUBMITTED, S.WITHDRAWN},
        # The agency head's signature of the proposal keeps the request submitted (issue 23).
        S.SUBMITTED: {S.SUBMITTED, S.APPRAISED, S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN},
        # The approval chain (issue 13); the Party opinion keeps the request appraised.
        S.APPRAISED: {S.APPRAISED, S.APPROVED, S.REJECTED, S.RETURNED, S.WITHDRAWN},
        S.APPROVED: {S.CANCELLED, S.COMPLETED},
        S.REJECTED: set(),
        S.WITHDRAWN: set(),
        S.CANCELLED: set(),
        S.COMPLETED: set(),
    }


@pytest.mark.django_db
def test_each_person_is_offered_what_they_may_do(staff_a, staff_b, reviewer, head_a, custodian):
    draft = draft_trip(staff_a)
    assert names(staff_a, draft) == ["submit", "withdraw"]
    submitted = submitted_trip(staff_a)
    assert names(staff_a, submitted) == ["withdraw"]
    # Officials the agency manages: its head decides, the Department has no step (issue 23).
    assert names(head_a, submitted) == ["approve", "return", "reject"]
    for nobody in (staff_b, custodian, reviewer):
        assert names(nobody, submitted) == []
    approved = approved_trip(staff_a, head_a)
    assert names(staff_a, approved) == ["cancel", "start_report"]
    assert names(head_a, approved) == []


@pytest.mark.django_db
def test_a_reviewer_who_travels_is_offered_no_decision_and_refused_one(staff_a, reviewer):
    trip = submitted_trip(staff_a)
    # The reviewer's own official record joins the delegation after submission.
    official = OfficialFactory(agency=staff_a.agency, user=reviewer)
    TripMember.objects.create(trip=trip, official=official)
    assert names(reviewer, trip) == []
    client = Client()
    client.force_login(reviewer)
    page = client.get(reverse("trips:detail", args=[trip.pk]))
    assert b'id="approve"' not in page.content
    response = client.post(reverse("trips:action", args=[trip.pk, "approve"]))
    assert response.status_code == 403
    api = APIClient()
    api.force_authenticate(reviewer)
    assert api.post(f"/api/v1/trips/{trip.pk}/approve/", {}, format="json").status_code == 403
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


@pytest.mark.django_db
def test_the_detail_page_renders_the_offered_actions_with_confirmation(staff_a, head_a):
    trip = submitted_trip(staff_a)
    client = Client()
    client.force_login(head_a)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    for name in ("approve", "return", "reject"):
        assert f'id="{name}"' in html
    assert html.count("data-confirm=") == 2  # approve and reject; return can be redone
    assert "js/confirm.js" in html
    client.force_login(staff_a)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'id="approve"' not in html and 'id="withdraw"' in html


@pytest.mark.django_db
def test_withdraw_needs_a_reason(staff_a):
    trip = draft_trip(staff_a)
    with pytest.raises(ReasonRequired):
        services.trip_withdraw(trip=trip, actor=staff_a, reason="  ")
    client = Client()
    client.force_login(staff_a)
    client.post(reverse("trips:action", args=[trip.pk, "withdraw"]), {"reason": ""})
    trip.refresh_from_db()
    assert trip.status == S.DRAFT
    api = APIClient()
    api.force_authenticate(staff_a)
    response = api.post(f"/api/v1/trips/{trip.pk}/withdraw/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    services.trip_withdraw(trip=trip, actor=staff_a, reason="Đối tác hoãn")
    trip.refresh_from_db()
    assert trip.status == S.WITHDRAWN
    assert trip.history.last().action == "withdraw"


@pytest.fixture
def appraisal_step():
    """A status and two actions added to the trip's table, nothing else touched."""
    extended = TRIP_WORKFLOW.extended(
        statuses={"appraised": "Đã thẩm định"},
        actions=[
            Action("appraise", "Thẩm định", {S.SUBMITTED}, "appraised", REVIEWER, text="note"),
            Action(
                "approve", "Phê duyệt", {S.SUBMITTED, "appraised"}, S.APPROVED, REVIEWER,
                text="note",
            ),
        ],
    )  # fmt: skip
    register(TripRequest, extended)
    yield extended
    register(TripRequest, TRIP_WORKFLOW)


@pytest.mark.django_db
def test_a_status_added_to_the_table_shows_everywhere(appraisal_step, staff_a, reviewer):
    trip = submitted_trip(staff_a)
    assert "appraise" in names(reviewer, trip)
    client = Client()
    client.force_login(reviewer)
    assert b'id="appraise"' in client.get(reverse("trips:detail", args=[trip.pk])).content

    row = transition(trip, "appraise", reviewer, note="Đủ điều kiện")
    assert (row.from_status, row.to_status, row.action) == ("submitted", "appraised", "appraise")
    assert row.to_label == "Đã thẩm định" and row.from_label == "Chờ thẩm định"
    trip.refresh_from_db()
    # Return and reject stay the stored step's taker's (the agency's head, issue 23).
    assert sorted(names(reviewer, trip)) == ["approve"]
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "Đã thẩm định" in html and 'id="approve"' in html
    api = APIClient()
    api.force_authenticate(reviewer)
    history = api.get(f"/api/v1/trips/{trip.pk}/history/").json()
    assert history[-1]["to_status"] == "appraised"
    assert api.get(f"/api/v1/trips/{trip.pk}/").json()["status"] == "appraised"
    with pytest.raises(PermissionDenied):
        transition(trip, "approve", staff_a, check_permission=True)


@pytest.mark.django_db
def test_history_rows_keep_their_snapshot_and_action(staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)
    rows = list(trip.history.values_list("action", "from_status", "to_status"))
    assert rows == [("", "", "draft"), ("submit", "draft", "submitted"),
                    ("approve", "submitted", "approved")]  # fmt: skip
    approval = trip.history.last()
    assert approval.policy and approval.actor == reviewer and approval.acting_for is None


@pytest.mark.django_db
def test_an_administrator_and_a_custodian_are_offered_nothing(staff_a, reviewer):
    trip = submitted_trip(staff_a)
    for role in (Role.ADMINISTRATOR, Role.CUSTODIAN):
        assert names(UserFactory(roles=[role]), trip) == []
