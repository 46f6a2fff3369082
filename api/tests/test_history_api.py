"""The history of a trip, a report and a plan through the API: each row's own workflow action
and, where a substitute acted, the principal's username (additions to API.md's fields)."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from approvals import services
from approvals.tests.chain_helpers import decider_user, submitted_at_level
from authority.substitutions import substitution_create
from authority.tests.factories import vice_chairman
from plans import services as plan_services
from trips.tests.helpers import past_trip

pytestmark = pytest.mark.django_db
FIELDS = {"at", "actor", "action", "from_status", "to_status", "note", "acting_for"}


def test_a_trips_history_names_the_action_and_whom_a_substitute_acted_for(
    api, staff_a, staff_b, reviewer
):
    decider = decider_user(username="decider")
    deputy = vice_chairman(UserFactory(username="deputy"))
    today = timezone.localdate()
    substitution_create(
        actor=decider,
        principal=decider,
        substitute=deputy,
        starts_on=today,
        ends_on=today + dt.timedelta(days=3),
    )
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    services.trip_approve(trip=trip, actor=type(deputy).objects.get(pk=deputy.pk), note="Thay")
    api.force_authenticate(staff_a)
    history = api.get(f"/api/v1/trips/{trip.pk}/history/").json()
    assert set(history[0]) == FIELDS
    assert [(h["action"], h["to_status"]) for h in history] == [
        ("", "draft"),  # created: no workflow action
        ("submit", "submitted"),
        ("propose", "submitted"),  # the agency's head signed the proposal (issue 23)
        ("appraise", "appraised"),
        ("approve", "approved"),
    ]
    assert [h["acting_for"] for h in history] == [None, None, None, None, "decider"]
    api.force_authenticate(staff_b)
    assert api.get(f"/api/v1/trips/{trip.pk}/history/").status_code == 404


def test_a_reports_history(api, staff_a, staff_b, reviewer):
    trip = past_trip(staff_a.agency)
    url = f"/api/v1/trips/{trip.pk}/report/"
    api.force_authenticate(staff_a)
    api.put(
        url,
        {"summary": "Hoàn thành", "outcomes": "Đạt", "actual_cost_vnd": 1_000_000},
        format="json",
    )
    assert api.post(url + "submit/").status_code == 200
    api.force_authenticate(reviewer)
    assert api.post(url + "accept/", {"note": "Đạt"}, format="json").status_code == 200
    history = api.get(url + "history/").json()
    assert set(history[-1]) == FIELDS
    assert [(h["action"], h["to_status"]) for h in history][-2:] == [
        ("submit", "submitted"),
        ("accept", "accepted"),
    ]
    assert history[-1]["note"] == "Đạt" and history[-1]["acting_for"] is None
    api.force_authenticate(staff_b)
    assert api.get(url + "history/").status_code == 404


def test_a_plans_history(api, staff_a, staff_b, reviewer):
    plan = plan_services.plan_create(actor=staff_a, year=2027)
    plan_services.plan_save_lines(
        plan=plan,
        actor=staff_a,
        lines=[{"title": "Hội thảo", "countries": ["JP"], "planned_members": 2, "budget_vnd": 9}],
    )
    plan_services.plan_submit(plan=plan, actor=staff_a)
    plan_services.plan_reject(plan=plan, actor=reviewer, reason="Thiếu dự toán")
    api.force_authenticate(staff_a)
    history = api.get(f"/api/v1/plans/{plan.pk}/history/").json()
    assert set(history[-1]) == FIELDS
    assert [(h["action"], h["to_status"]) for h in history][-2:] == [
        ("submit", "submitted"),
        ("reject", "rejected"),
    ]
    assert history[-1]["actor"] and history[-1]["note"] == "Thiếu dự toán"
    api.force_authenticate(staff_b)
    assert api.get(f"/api/v1/plans/{plan.pk}/history/").status_code == 404
