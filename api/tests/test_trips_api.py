"""Trips through the API: the same rules, services and scopes as the browser."""

import pytest

from agencies.tests.factories import DisciplinaryReviewFactory
from trips.models import TripRequest
from trips.tests.helpers import draft_trip, ready_officials, submitted_trip

pytestmark = pytest.mark.django_db
URL = "/api/v1/trips/"


def body(people, **overrides):
    return {
        "kind": "business",
        "title": "Đoàn công tác Hàn Quốc",
        "purpose": "Học tập kinh nghiệm",
        "countries": ["KR"],
        "departure_date": "2027-04-05",
        "return_date": "2027-04-09",
        "inviter": "Tỉnh Gyeonggi",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": 250_000_000,
        "members": [{"official": p.id, "is_head": i == 0} for i, p in enumerate(people)],
        **overrides,
    }


def test_a_token_and_the_401(api, staff_a):
    assert api.get(URL).status_code == 401
    wrong = api.post(
        "/api/v1/auth/token/", {"username": "staff_a", "password": "sai"}, format="json"
    )
    assert wrong.status_code == 400
    token = api.post(
        "/api/v1/auth/token/",
        {"username": "staff_a", "password": "mat-khau-thu-nghiem-2026"},
        format="json",
    )
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert api.get(URL).status_code == 200


def test_create_check_justify_submit(api, staff_a):
    people = ready_officials(staff_a.agency, 2)
    api.force_authenticate(staff_a)
    check = api.post(URL + "check/", body(people), format="json")
    assert check.status_code == 200
    assert [f["code"] for f in check.json()["findings"]] == ["NOT_IN_ANNUAL_PLAN"]
    assert not TripRequest.objects.exists()
    created = api.post(URL, body(people), format="json")
    assert created.status_code == 201, created.json()
    trip = created.json()
    assert trip["status"] == "draft" and trip["agency"] == staff_a.agency.pk
    missing = api.post(f"{URL}{trip['id']}/submit/")
    assert missing.status_code == 400 and "justifications" in missing.json()
    api.patch(
        f"{URL}{trip['id']}/", {"justifications": {"NOT_IN_ANNUAL_PLAN": "Đột xuất"}}, format="json"
    )
    submitted = api.post(f"{URL}{trip['id']}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert api.patch(f"{URL}{trip['id']}/", {"title": "Sửa"}, format="json").status_code == 409


def test_submit_blocked_by_the_policy_is_422_with_findings(api, staff_a):
    people = ready_officials(staff_a.agency, 1)
    api.force_authenticate(staff_a)
    trip = api.post(URL, body(people, funded_by_enterprise=True), format="json").json()
    response = api.post(f"{URL}{trip['id']}/submit/")
    assert response.status_code == 422
    assert "ENTERPRISE_SPONSORED" in [f["code"] for f in response.json()["findings"]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"return_date": "2027-04-01"}, "return_date"),
        ({"countries": ["XX"]}, "countries"),
        ({"estimated_cost_vnd": -1}, "estimated_cost_vnd"),
        ({"members": [{"official": 999999, "is_head": True}]}, "members"),
        ({"departure_date": "05/04/2027"}, "departure_date"),
    ],
)
def test_bad_payloads_are_400_with_field_errors(api, staff_a, overrides, field):
    people = ready_officials(staff_a.agency, 1)
    api.force_authenticate(staff_a)
    response = api.post(URL, body(people, **overrides), format="json")
    assert response.status_code == 400 and field in response.json()
    assert not TripRequest.objects.exists()


def test_an_official_of_another_agency_is_refused(api, staff_a, agency_b):
    theirs = ready_officials(agency_b, 1)
    api.force_authenticate(staff_a)
    response = api.post(URL, body(theirs), format="json")
    assert response.status_code == 400 and "members" in response.json()


def test_decisions_roles_scope_and_status(api, staff_a, staff_b, head_a):
    trip = submitted_trip(staff_a)
    api.force_authenticate(staff_b)
    assert api.get(f"{URL}{trip.pk}/").status_code == 404
    assert api.post(f"{URL}{trip.pk}/withdraw/", {}, format="json").status_code == 404
    api.force_authenticate(staff_a)
    assert api.post(f"{URL}{trip.pk}/approve/", {}, format="json").status_code == 403
    api.force_authenticate(head_a)
    assert api.post(f"{URL}{trip.pk}/reject/", {"reason": ""}, format="json").status_code == 400
    assert (
        api.post(f"{URL}{trip.pk}/approve/", {"note": "Đồng ý"}, format="json").json()["status"]
        == "approved"
    )
    again = api.post(f"{URL}{trip.pk}/approve/", {}, format="json")
    assert again.status_code == 409 and again.json()["status"] == "approved"
    history = api.get(f"{URL}{trip.pk}/history/").json()
    assert [h["to_status"] for h in history] == ["draft", "submitted", "approved"]
    assert api.post(URL, {}, format="json").status_code == 403  # reviewers do not create


def test_approval_reruns_the_rules_422(api, staff_a, head_a):
    trip = submitted_trip(staff_a)
    DisciplinaryReviewFactory(official=trip.members.first().official, opened_on="2026-01-01")
    api.force_authenticate(head_a)
    response = api.post(f"{URL}{trip.pk}/approve/", {}, format="json")
    assert response.status_code == 422
    assert "UNDER_DISCIPLINARY_REVIEW" in [f["code"] for f in response.json()["findings"]]


def test_lists_are_paginated_filtered_and_scoped(api, staff_a, staff_b):
    draft_trip(staff_a, title="Đi Nhật")
    draft_trip(staff_a, title="Đi Pháp", countries=["FR"])
    draft_trip(staff_b, title="Của cơ quan khác")
    api.force_authenticate(staff_a)
    page = api.get(URL).json()
    assert set(page) == {"count", "next", "previous", "results"} and page["count"] == 2
    assert [t["title"] for t in api.get(URL, {"country": "FR"}).json()["results"]] == ["Đi Pháp"]
    assert api.get(URL, {"status": "nonsense"}).status_code == 400
