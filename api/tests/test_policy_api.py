"""GET /api/v1/policy/ (anyone signed in) and PATCH (the administrator): API.md, additions of
2026-12-06. Every response is checked against the schema (the `api` fixture)."""

import pytest

from trips.models_policy import PolicyChange
from trips.policy import rules
from trips.tests.helpers import administrator

pytestmark = pytest.mark.django_db
URL = "/api/v1/policy/"
BASIS = "Quyết định 12/QĐ-UBND ngày 01/12/2026"


def test_anyone_signed_in_reads_every_rule_with_its_settings(api, staff_a):
    api.force_authenticate(staff_a)
    body = api.get(URL).json()
    assert body["profile"] == "default" and body["changes"] == []
    assert [r["code"] for r in body["rules"]] == rules.CODES
    quota = next(r for r in body["rules"] if r["code"] == "TRIP_QUOTA_EXCEEDED")
    assert quota["severity"] == "block" and quota["clause"] == "L5" and quota["enabled"]
    assert quota["settings"] == {"max_business_trips_per_year": 2}
    assert quota["label"] == "Vượt số chuyến công tác" and quota["basis"].endswith("L5")
    optional = next(r for r in body["rules"] if r["code"] == "TRIP_TOO_LONG")
    assert optional["optional"] and not optional["enabled"]
    assert body["general"]["report_due_working_days"] == 7


def test_the_administrator_changes_a_threshold_and_it_is_listed(api):
    admin = administrator()
    api.force_authenticate(admin)
    change = {"setting": "max_business_trips_per_year", "value": 3, "reason": "Theo chỉ đạo"}
    response = api.patch(URL, {**change, "basis": BASIS}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    quota = next(r for r in body["rules"] if r["code"] == "TRIP_QUOTA_EXCEEDED")
    assert quota["settings"] == {"max_business_trips_per_year": 3}
    assert body["changes"][0] | {"at": None} == {
        "at": None,
        "by": admin.username,
        "setting": "max_business_trips_per_year",
        "old": 2,
        "new": 3,
        "reason": "Theo chỉ đạo",
        "basis": BASIS,
    }
    switched = api.patch(
        URL, {"setting": "YEAR_EDGE", "value": False, "reason": "x", "basis": BASIS}, format="json"
    ).json()
    assert not next(r for r in switched["rules"] if r["code"] == "YEAR_EDGE")["enabled"]
    # A rule whose severity is a setting shows the one in force.
    stricter = {"setting": "days_per_country_severity", "value": "block", "reason": "x"}
    body = api.patch(URL, {**stricter, "basis": BASIS}, format="json").json()
    days = next(r for r in body["rules"] if r["code"] == "DAYS_PER_COUNTRY")
    assert days["severity"] == "block" and days["settings"]["days_per_country_severity"] == "block"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"setting": "max_countries", "value": 0, "reason": "x", "basis": BASIS}, "value"),
        ({"setting": "max_countries", "value": [3], "reason": "x", "basis": BASIS}, "value"),
        ({"setting": "nope", "value": 3, "reason": "x", "basis": BASIS}, "setting"),
        ({"setting": "max_countries", "value": 4, "basis": BASIS}, "reason"),
        ({"setting": "max_countries", "value": 4, "reason": "x", "basis": ""}, "basis"),
    ],
)
def test_a_wrong_change_is_a_400_naming_the_field(api, body, field):
    api.force_authenticate(administrator())
    response = api.patch(URL, body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not PolicyChange.objects.exists()


def test_only_the_administrator_changes_it(api, staff_a, reviewer):
    body = {"setting": "max_countries", "value": 4, "reason": "x", "basis": BASIS}
    for user in (staff_a, reviewer):
        api.force_authenticate(user)
        assert api.patch(URL, body, format="json").status_code == 403
    api.force_authenticate(None)
    assert api.get(URL).status_code == 401
    assert not PolicyChange.objects.exists()
