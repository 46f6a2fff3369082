"""Reports, passports, plans, agencies and officials through the API; and a whole trip."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from agencies.tests.factories import OfficialFactory
from passports.models import Passport
from trips.tests.helpers import approved_trip, past_trip, ready_officials

pytestmark = pytest.mark.django_db


def test_report_write_submit_accept(api, staff_a, staff_b, reviewer):
    trip = past_trip(staff_a.agency)  # back: a report is submitted only after the return
    url = f"/api/v1/trips/{trip.pk}/report/"
    api.force_authenticate(reviewer)
    assert api.get(url).status_code == 200  # owed since the trip was recorded
    api.force_authenticate(staff_b)
    assert api.get(url).status_code == 404
    api.force_authenticate(staff_a)
    report = api.get(url).json()
    assert report["due_on"] == "2026-05-08" and report["status"] == "draft"
    assert api.put(url, {"summary": "Tốt", "actual_cost_vnd": -1}, format="json").status_code == 400
    assert (
        api.put(
            url, {"summary": "Hoàn thành", "actual_cost_vnd": 240_000_000}, format="json"
        ).status_code
        == 200
    )
    # The required parts are required here as in the browser: 400 naming the part left out.
    refused = api.post(url + "submit/")
    assert refused.status_code == 400
    assert refused.json() == {
        "outcomes": ["Phải ghi phần “Kết quả so với mục đích” trước khi nộp báo cáo."]
    }
    assert api.get(url).json()["status"] == "draft"
    api.put(url, {"summary": "Hoàn thành", "outcomes": "Đạt mục đích"}, format="json")
    assert api.post(url + "submit/").json()["status"] == "submitted"
    assert api.post(url + "accept/", {}, format="json").status_code == 403
    api.force_authenticate(reviewer)
    assert api.post(url + "accept/", {"note": "Đạt"}, format="json").json()["status"] == "accepted"
    assert api.post(url + "accept/", {}, format="json").status_code == 409


def test_passport_check_out_and_in_with_the_log(api, staff_a, staff_b, reviewer, custodian):
    trip = approved_trip(staff_a, reviewer)
    passport = trip.members.get(is_head=True).official.passports.get(kind="official")
    url = f"/api/v1/passports/{passport.pk}/"
    api.force_authenticate(staff_a)
    assert api.get(url).status_code == 200
    assert api.post(url + "check-out/", {"trip": trip.pk}, format="json").status_code == 403
    api.force_authenticate(staff_b)
    assert api.get(url).status_code == 404
    api.force_authenticate(custodian)
    out = api.post(url + "check-out/", {"trip": trip.pk, "note": "Giao tại phòng"}, format="json")
    assert out.status_code == 200 and out.json()["status"] == "handed_out"
    assert api.post(url + "check-out/", {"trip": trip.pk}, format="json").status_code == 409
    assert (
        api.post(url + "check-in/", {"note": "Đủ"}, format="json").json()["status"] == "in_custody"
    )
    log = api.get(url + "custody-log/").json()
    assert [e["action"] for e in log] == ["handed_out", "returned"]
    stranger = OfficialFactory(agency=staff_a.agency)
    other = Passport.objects.create(
        official=stranger,
        kind="ordinary",
        number="C7654321",
        issued_on="2024-01-01",
        expires_on="2034-01-01",
    )
    refused = api.post(f"/api/v1/passports/{other.pk}/check-out/", {"trip": trip.pk}, format="json")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()


def test_passport_register_by_custodians_only(api, staff_a, custodian):
    official = OfficialFactory(agency=staff_a.agency)
    data = {
        "official": official.pk,
        "kind": "ordinary",
        "number": "C1112223",
        "issued_on": "2024-01-01",
        "expires_on": "2034-01-01",
    }
    api.force_authenticate(staff_a)
    assert api.post("/api/v1/passports/", data, format="json").status_code == 403
    api.force_authenticate(custodian)
    assert api.post("/api/v1/passports/", data, format="json").status_code == 201
    assert (
        api.post("/api/v1/passports/", data, format="json").status_code == 400
    )  # duplicate number


def test_plans_through_the_api(api, staff_a, reviewer):
    api.force_authenticate(staff_a)
    line = {
        "title": "Xúc tiến đầu tư",
        "countries": ["JP"],
        "planned_members": 3,
        "budget_vnd": 300_000_000,
    }
    plan = api.post("/api/v1/plans/", {"year": 2027, "lines": [line]}, format="json")
    assert plan.status_code == 201, plan.json()
    pk = plan.json()["id"]
    assert api.post(f"/api/v1/plans/{pk}/submit/").json()["status"] == "submitted"
    api.force_authenticate(reviewer)
    assert api.post(f"/api/v1/plans/{pk}/reject/", {"reason": ""}, format="json").status_code == 400
    approved = api.post(f"/api/v1/plans/{pk}/approve/", {}, format="json").json()
    assert approved["status"] == "approved" and approved["lines"][0]["budget_vnd"] == 300_000_000
    api.force_authenticate(staff_a)
    assert api.patch(f"/api/v1/plans/{pk}/", {"lines": []}, format="json").status_code == 409


def test_agencies_officials_and_discipline_reviews(api, staff_a, staff_b, administrator):
    mine = OfficialFactory(agency=staff_a.agency)
    OfficialFactory(agency=staff_b.agency)
    api.force_authenticate(staff_a)
    assert [o["id"] for o in api.get("/api/v1/officials/").json()["results"]] == [mine.pk]
    assert (
        api.post("/api/v1/agencies/", {"code": "moi", "name": "Sở mới"}, format="json").status_code
        == 403
    )
    assert api.get(f"/api/v1/officials/{mine.pk}/discipline-reviews/").status_code == 403
    api.force_authenticate(administrator)
    assert (
        api.post(
            "/api/v1/agencies/",
            {"code": "moi", "name": "Sở mới", "kind": "department"},
            format="json",
        ).status_code
        == 201
    )
    url = f"/api/v1/officials/{mine.pk}/discipline-reviews/"
    review = api.post(url, {"kind": "party", "opened_on": "2027-01-04"}, format="json")
    assert review.status_code == 201
    bad = api.patch(f"{url}{review.json()['id']}/", {"closed_on": "2026-12-31"}, format="json")
    assert bad.status_code == 400 and "closed_on" in bad.json()
    assert (
        api.patch(
            f"{url}{review.json()['id']}/", {"closed_on": "2027-02-01"}, format="json"
        ).status_code
        == 200
    )


def test_token_command_issues_and_revokes(staff_a, capsys):
    call_command("api_token", "issue", "staff_a")
    key = capsys.readouterr().out.strip()
    assert Token.objects.get(user=staff_a).key == key
    call_command("api_token", "revoke", "staff_a")
    assert not Token.objects.filter(user=staff_a).exists()


def test_a_whole_business_trip_through_the_api(api, staff_a, head_a, custodian):
    """Create, check, justify, submit, approve, passport out and back, report."""
    people = ready_officials(staff_a.agency, 2)
    trip_body = {
        "kind": "business", "title": "Đoàn làm việc tại Kanagawa", "countries": ["JP"],
        "purpose": "Làm việc với tỉnh Kanagawa về hợp tác đào tạo",
        "departure_date": "2027-06-07", "return_date": "2027-06-11", "organiser_type": "foreign_government",
        "estimated_cost_vnd": 300_000_000,
        "members": [{"official": p.pk, "is_head": i == 0} for i, p in enumerate(people)],
    }  # fmt: skip
    api.force_authenticate(staff_a)
    codes = [
        f["code"]
        for f in api.post("/api/v1/trips/check/", trip_body, format="json").json()["findings"]
    ]
    trip = api.post(
        "/api/v1/trips/",
        {**trip_body, "justifications": {c: "Cần thiết" for c in codes}},
        format="json",
    ).json()
    assert api.post(f"/api/v1/trips/{trip['id']}/submit/").status_code == 200
    api.force_authenticate(head_a)
    approved = api.post(
        f"/api/v1/trips/{trip['id']}/approve/", {"note": "Đồng ý"}, format="json"
    ).json()
    assert approved["report_due_on"] == "2027-06-22"
    api.force_authenticate(custodian)
    passport = api.get("/api/v1/passports/", {"official": people[0].pk, "kind": "official"}).json()[
        "results"
    ][0]
    assert (
        api.post(
            f"/api/v1/passports/{passport['id']}/check-out/", {"trip": trip["id"]}, format="json"
        ).status_code
        == 200
    )
    assert (
        api.post(f"/api/v1/passports/{passport['id']}/check-in/", {}, format="json").status_code
        == 200
    )
    api.force_authenticate(staff_a)
    report_url = f"/api/v1/trips/{trip['id']}/report/"
    api.put(report_url, {"summary": "Hoàn thành chương trình", "outcomes": "Đạt"}, format="json")
    # Written ahead, submitted only once the delegation is back (test_report_write_submit_accept).
    refused = api.post(report_url + "submit/")
    assert refused.status_code == 409 and refused.json()["status"] == "draft"
    assert [h["to_status"] for h in api.get(f"/api/v1/trips/{trip['id']}/history/").json()] == [
        "draft",
        "submitted",
        "approved",
    ]
