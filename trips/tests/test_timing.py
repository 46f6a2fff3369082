"""Timing (POLICY.md, settled readings): no decision after departure, no 73-year trips, the
discipline window from submission on approval."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies.tests.factories import DisciplinaryReviewFactory
from api.tests.openapi import assert_matches_schema
from approvals import services as approval_services
from trips import policy, services
from trips.exceptions import (
    DeparturePassed,
    PolicyBlocked,
    TransitionNotAllowed,
    TripDatesInvalid,
)
from trips.models import TripRequest
from trips.policy.facts import MemberData, TripData
from trips.tests.factories import TripFactory
from trips.tests.helpers import draft_trip, ready_officials, submitted_trip, trip_fields

S = TripRequest.Status
pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + dt.timedelta(days=n)


# --- no decision once the departure date has passed --------------------------------------


@pytest.mark.parametrize(("departure", "approved"), [(-1, False), (0, True), (1, True)])
def test_a_request_is_approved_only_until_its_departure_date(staff_a, head_a, departure, approved):
    trip = submitted_trip(staff_a, departure_date=days(departure), return_date=days(5))
    if approved:
        assert approval_services.trip_approve(trip=trip, actor=head_a).status == S.APPROVED
        return
    with pytest.raises(DeparturePassed) as refused:
        approval_services.trip_approve(trip=trip, actor=head_a)
    assert isinstance(refused.value, TransitionNotAllowed)  # a conflict, like a wrong status
    assert days(departure).strftime("%d/%m/%Y") in refused.value.message
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED and trip.decided_at is None
    assert list(trip.history.values_list("to_status", flat=True)) == ["draft", "submitted"]


def test_a_late_request_can_still_be_rejected_returned_or_withdrawn(staff_a, head_a):
    trip = submitted_trip(staff_a, departure_date=days(-2), return_date=days(3))
    assert (
        approval_services.trip_return(trip=trip, actor=head_a, reason="Quá hạn").status
        == S.RETURNED
    )


def test_the_api_answers_409_with_the_status(staff_a, head_a):
    trip = submitted_trip(staff_a, departure_date=days(-1), return_date=days(3))
    api = APIClient()
    api.force_authenticate(head_a)
    response = api.post(f"/api/v1/trips/{trip.pk}/approve/", {"note": ""}, format="json")
    assert response.status_code == 409
    assert_matches_schema(response)
    assert response.json()["status"] == "submitted"
    assert "Đã qua ngày xuất cảnh" in response.json()["detail"]


def test_the_browser_says_why(client, staff_a, head_a):
    trip = submitted_trip(staff_a, departure_date=days(-1), return_date=days(3))
    client.force_login(head_a)
    response = client.post(reverse("trips:action", args=[trip.pk, "approve"]), follow=True)
    assert "Đã qua ngày xuất cảnh" in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


# --- the longest trip --------------------------------------------------------------------


@pytest.mark.parametrize(("return_date", "valid"), [(dt.date(2027, 9, 4), True), (dt.date(2027, 9, 5), False), (dt.date(2100, 6, 11), False)])  # fmt: skip
def test_a_trip_longer_than_90_calendar_days_is_invalid_input(staff_a, return_date, valid):
    """7/6/2027 .. 4/9/2027 is 90 days; one more is refused, and so is a 73-year trip."""
    people = ready_officials(staff_a.agency, 1)
    fields = trip_fields(return_date=return_date)
    members = [MemberData(people[0].id, True)]
    data = TripData(
        kind="business",
        agency_id=staff_a.agency_id,
        departure_date=fields["departure_date"],
        return_date=return_date,
        members=members,
    )
    if valid:
        services.trip_save_draft(actor=staff_a, fields=fields, members=members)
        policy.check(data)
        return
    with pytest.raises(ValidationError) as refused:
        services.trip_save_draft(actor=staff_a, fields=fields, members=members)
    assert list(refused.value.message_dict) == ["return_date"]
    assert "quá 90 ngày" in refused.value.message_dict["return_date"][0]
    assert not TripRequest.objects.exists()
    with pytest.raises(ValidationError):
        policy.check(data)


def test_the_longest_trip_is_a_setting_whatever_trip_too_long_says(staff_a):
    people = ready_officials(staff_a.agency, 1)
    members = [MemberData(people[0].id, True)]
    fields = trip_fields(return_date=dt.date(2027, 6, 26))  # 20 days
    policy_settings = {
        **settings.TRAVEL_POLICY,
        "MAX_TRIP_SPAN_DAYS": 19,
        "ENABLED_OPTIONAL_RULES": ["TRIP_TOO_LONG"],
        "MAX_TRIP_DAYS": 30,
    }
    with override_settings(TRAVEL_POLICY=policy_settings), pytest.raises(ValidationError):
        services.trip_save_draft(actor=staff_a, fields=fields, members=members)


def test_the_api_refuses_a_73_year_trip_with_400(staff_a):
    people = ready_officials(staff_a.agency, 1)
    body = {
        "kind": "business", "title": "Đoàn", "countries": ["JP"],
        "departure_date": "2027-06-07", "return_date": "2100-06-07",
        "members": [{"official": people[0].pk, "is_head": True}],
    }  # fmt: skip
    api = APIClient()
    api.force_authenticate(staff_a)
    for url in ("/api/v1/trips/", "/api/v1/trips/check/"):
        response = api.post(url, body, format="json")
        assert response.status_code == 400, url
        assert_matches_schema(response)
        assert list(response.json()) == ["return_date"]
    draft = draft_trip(staff_a, n=1)
    response = api.patch(f"/api/v1/trips/{draft.pk}/", {"return_date": "2100-06-07"}, format="json")
    assert response.status_code == 400 and list(response.json()) == ["return_date"]
    draft.refresh_from_db()
    assert draft.return_date == dt.date(2027, 6, 11)


def test_the_form_shows_a_field_error_and_the_live_check_too(client, staff_a):
    person = ready_officials(staff_a.agency, 1)[0]
    form = {
        "kind": "business", "title": "Đoàn", "purpose": "x", "countries": ["JP"],
        "departure_date": "07/06/2027", "return_date": "07/06/2100", "inviter": "x",
        "organiser_type": "state", "estimated_cost_vnd": "0", "members": [person.pk],
    }  # fmt: skip
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form)
    assert response.status_code == 200
    assert "return_date" in response.context["form"].errors
    assert not TripRequest.objects.exists()
    live = client.post(reverse("trips:check"), form)
    assert live.status_code == 200
    # No rule ran on it: the panel names the date to correct.
    assert "Ngày nhập cảnh (về)" in live.content.decode()
    assert "data-finding" not in live.content.decode()


def test_a_request_saved_before_the_limit_is_refused_with_a_message_not_a_500(
    client, staff_a, reviewer
):
    person = ready_officials(staff_a.agency, 1)[0]
    legacy = TripFactory(
        agency=staff_a.agency,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        return_date=dt.date(2100, 6, 7),
        members=[person],
    )
    with pytest.raises(TripDatesInvalid):
        approval_services.trip_approve(trip=legacy, actor=reviewer)
    client.force_login(reviewer)
    response = client.post(reverse("trips:action", args=[legacy.pk, "approve"]), follow=True)
    assert response.status_code == 200 and "quá 90 ngày" in response.content.decode()


# --- the discipline window on approval ---------------------------------------------------


def test_a_review_opened_and_closed_while_the_request_waited_blocks_the_approval(staff_a, head_a):
    trip = submitted_trip(staff_a)
    # Submitted ten days ago; a review opened eight days ago and closed two days ago.
    TripRequest.objects.filter(pk=trip.pk).update(
        submitted_at=timezone.now() - dt.timedelta(days=10)
    )
    member = trip.members.first().official
    DisciplinaryReviewFactory(official=member, opened_on=days(-8), closed_on=days(-2))
    with pytest.raises(PolicyBlocked) as refused:
        approval_services.trip_approve(trip=trip, actor=head_a)
    assert [f.code for f in refused.value.findings if f.is_block] == ["UNDER_DISCIPLINARY_REVIEW"]
    # Had it been submitted today, the review closed before then would not block.
    TripRequest.objects.filter(pk=trip.pk).update(submitted_at=timezone.now())
    assert approval_services.trip_approve(trip=trip, actor=head_a).status == S.APPROVED
