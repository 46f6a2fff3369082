"""DAYS_PER_COUNTRY (POLICY.md, additions of 2026-12-06): optional, off by default; with it on
a business request states its days per country (each at least 1, their sum at most the trip's
days), the form asks for them, the API takes `days_per_country`; warn or block by setting."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from approvals import services
from trips.exceptions import IncompleteRequest, PolicyBlocked
from trips.models import TripRequest
from trips.policy import rules
from trips.policy.config import PolicyConfig
from trips.policy.dates import validate_days_per_country
from trips.tests.facts_builder import facts, official, trip
from trips.tests.helpers import JUSTIFIED, draft_trip, ready_officials
from trips.tests.test_views import form_data

D = dt.date
ON = {"ENABLED_OPTIONAL_RULES": "DAYS_PER_COUNTRY"}


def _found(days, config=None):
    a = official()
    data = trip([a], countries=list(days), start=D(2027, 6, 7), end=D(2027, 6, 16))
    data.days_per_country = days
    on = config or PolicyConfig(enabled_optional_rules={"DAYS_PER_COUNTRY"})
    return [f for f in rules.evaluate(facts(data, [a], config=on)) if f.code == "DAYS_PER_COUNTRY"]


@pytest.mark.parametrize(
    ("days", "found"),
    [
        ({"JP": 3}, False),
        ({"JP": 4}, True),
        ({"JP": 3, "KR": 3, "CN": 3}, False),
        ({"JP": 1, "KR": 4}, True),
        ({}, False),
    ],
)
def test_more_than_three_days_in_one_country(days, found):
    assert bool(_found(days)) is found


def test_the_message_names_each_country_over_and_the_severity_is_a_setting():
    found = _found({"JP": 5, "KR": 2, "CN": 3})
    assert found[0].severity == "warn"
    assert found[0].message == "Số ngày dự kiến ở một quốc gia vượt quá 3 ngày: Nhật Bản 5 ngày."
    strict = PolicyConfig(
        enabled_optional_rules={"DAYS_PER_COUNTRY"},
        days_per_country_severity="block",
        max_days_per_country=4,
    )
    found = _found({"JP": 5, "KR": 4}, strict)
    assert found[0].severity == "block" and "vượt quá 4 ngày: Nhật Bản 5 ngày." in found[0].message


def test_off_by_default():
    assert not PolicyConfig().is_enabled("DAYS_PER_COUNTRY")
    a = official()
    data = trip([a], countries=["JP"])
    data.days_per_country = {"JP": 9}
    assert "DAYS_PER_COUNTRY" not in [f.code for f in rules.evaluate(facts(data, [a]))]


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ({"JP": 5}, None),  # the whole trip (5 days) in one country
        ({"JP": 3, "KR": 2}, None),
        ({"JP": 3, "KR": 3}, "Tổng số ngày ở các quốc gia (6) vượt quá số ngày của chuyến đi (5)."),
        ({"JP": 0}, "Số ngày ở JP phải là số nguyên từ 1 trở lên."),
        ({"JP": "3"}, "Số ngày ở JP phải là số nguyên từ 1 trở lên."),
        ({"FR": 2}, "FR không có trong danh sách quốc gia đến."),
    ],
)
def test_the_days_each_at_least_one_their_sum_at_most_the_trip(days, message):
    args = {
        "countries": ["JP", "KR"],
        "departure_date": D(2027, 6, 7),
        "return_date": D(2027, 6, 11),
    }
    if message is None:
        validate_days_per_country(days, **args)
        return
    with pytest.raises(ValidationError) as refused:
        validate_days_per_country(days, **args)
    assert refused.value.message_dict["days_per_country"] == [message]


@pytest.mark.django_db
def test_a_request_stores_them_and_submission_needs_them_while_the_rule_is_on(staff_a):
    with override_settings(TRAVEL_POLICY=ON):
        draft = draft_trip(staff_a, countries=["JP", "KR"])
        with pytest.raises(IncompleteRequest) as incomplete:
            services.trip_submit(trip=draft, actor=staff_a)
        assert incomplete.value.field == "days_per_country"
        assert "JP, KR" in incomplete.value.message
        draft = draft_trip(staff_a, countries=["JP", "KR"], days_per_country={"JP": 4, "KR": 1})
        assert draft.days_per_country == {"JP": 4, "KR": 1}
        assert "DAYS_PER_COUNTRY" in draft.finding_codes
        draft.justifications = {f["code"]: JUSTIFIED for f in draft.findings}
        draft.save(update_fields=["justifications"])
        assert services.trip_submit(trip=draft, actor=staff_a).status == "submitted"
    with override_settings(TRAVEL_POLICY={**ON, "DAYS_PER_COUNTRY_SEVERITY": "block"}):
        blocked = draft_trip(staff_a, countries=["JP"], days_per_country={"JP": 5})
        with pytest.raises(PolicyBlocked):
            services.trip_submit(trip=blocked, actor=staff_a)
    with pytest.raises(ValidationError):  # a sum over the trip's days is refused, on or off
        draft_trip(staff_a, countries=["JP"], days_per_country={"JP": 6})


@pytest.mark.django_db
def test_the_form_asks_for_them_only_while_the_rule_is_on(client, staff_a):
    people = ready_officials(staff_a.agency, 1)
    client.force_login(staff_a)
    assert 'name="days_per_country"' not in client.get(reverse("trips:create")).content.decode()
    with override_settings(TRAVEL_POLICY=ON):
        assert 'name="days_per_country"' in client.get(reverse("trips:create")).content.decode()
        data = form_data(people, countries=["KR", "JP"], days_per_country="kr: 4, JP 1")
        response = client.post(reverse("trips:create"), data)
        assert response.status_code == 302
        assert TripRequest.objects.get().days_per_country == {"KR": 4, "JP": 1}
        detail = client.get(response.url).content.decode()
        shown = detail.split('id="days-per-country">')[1].split("</dd>")[0]
        assert sorted(shown.split(", ")) == ["JP: 1", "KR: 4"]  # PostgreSQL orders the keys
        wrong = client.post(reverse("trips:create"), {**data, "days_per_country": "Hàn Quốc"})
        assert "Không đọc được “Hàn Quốc”" in wrong.content.decode()
        over = client.post(reverse("trips:create"), {**data, "days_per_country": "KR: 9"})
        assert "vượt quá số ngày của chuyến đi (5)" in over.content.decode()
    assert TripRequest.objects.count() == 1


@pytest.mark.django_db
def test_the_api_takes_days_per_country(staff_a):
    from api.tests.conftest import CheckedClient
    from api.tests.test_scoping import trip_body

    api = CheckedClient()  # every response checked against the OpenAPI schema
    people = ready_officials(staff_a.agency, 1)
    api.force_authenticate(staff_a)
    body = trip_body(people, countries=["KR"], days_per_country={"KR": 4})
    with override_settings(TRAVEL_POLICY=ON):
        found = api.post("/api/v1/trips/check/", body, format="json").json()["findings"]
        assert "DAYS_PER_COUNTRY" in [f["code"] for f in found]
        created = api.post("/api/v1/trips/", body, format="json")
        assert created.status_code == 201 and created.json()["days_per_country"] == {"KR": 4}
        wrong = api.post("/api/v1/trips/", {**body, "days_per_country": {"JP": 1}}, format="json")
        assert wrong.status_code == 400 and "days_per_country" in wrong.json()
        zero = api.post(
            "/api/v1/trips/check/", {**body, "days_per_country": {"KR": 0}}, format="json"
        )
        assert zero.status_code == 400 and "days_per_country" in zero.json()
