"""The private-trip form asks nothing of a business trip, says at once that it is for one
person, and every form's errors are summarised at its top (issue 15, item 7)."""

import re

import pytest
from django.urls import reverse

from trips.models import TripRequest
from trips.tests.helpers import draft_trip, ready_officials
from trips.tests.test_views import form_data

pytestmark = pytest.mark.django_db
BUSINESS_ROWS = re.compile(r'<div class="mb-3[^"]*"\s+data-business-only>')


def private_data(people, **overrides):
    return form_data(
        people,
        kind="private",
        title="Nghỉ phép thăm thân",
        inviter="Công ty ABC",
        organiser_type="foreign_enterprise",
        funded_by_enterprise="on",
        **overrides,
    )


def test_a_private_request_saves_no_business_fields(client, staff_a):
    person = ready_officials(staff_a.agency, 1)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), private_data(person))
    assert response.status_code == 302
    trip = TripRequest.objects.get()
    assert trip.kind == "private" and trip.inviter == "" and trip.estimated_cost_vnd == 0
    assert trip.organiser_type == TripRequest.OrganiserType.STATE  # the model's default
    assert not trip.funded_by_enterprise


def test_the_edit_page_of_a_private_request_hides_business_fields(client, staff_a):
    trip = draft_trip(staff_a, n=1, kind="private", title="Nghỉ phép")
    client.force_login(staff_a)
    html = client.get(reverse("trips:edit", args=[trip.pk])).content.decode()
    rows = BUSINESS_ROWS.findall(html)
    assert len(rows) == 9 and all("d-none" in row for row in rows)
    business = draft_trip(staff_a)
    html = client.get(reverse("trips:edit", args=[business.pk])).content.decode()
    assert not any("d-none" in row for row in BUSINESS_ROWS.findall(html))


def test_two_people_on_a_private_trip_is_an_error_at_the_top(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    html = client.post(reverse("trips:create"), private_data(people)).content.decode()
    assert not TripRequest.objects.exists()
    summary = html[html.index('id="form-errors"') : html.index('<div class="row g-4">')]
    assert "Hồ sơ đi việc riêng chỉ gồm một người." in summary
    assert 'href="#id_members"' in summary


def test_the_detail_page_of_a_private_trip_shows_no_cost_and_no_head(client, staff_a):
    trip = draft_trip(staff_a, n=1, kind="private", title="Nghỉ phép", estimated_cost_vnd=0)
    client.force_login(staff_a)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "0 đ" not in html and "Trưởng đoàn" not in html
    assert "Cơ quan, tổ chức mời" not in html
    business = draft_trip(staff_a)
    html = client.get(reverse("trips:detail", args=[business.pk])).content.decode()
    assert "Trưởng đoàn" in html and "250.000.000 đ" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"purpose": "  "}, "Hãy ghi mục đích chuyến công tác trước khi trình."),
        ({"estimated_cost_vnd": "0"}, "lớn hơn 0 đồng"),
        ({"estimated_cost_vnd": ""}, "lớn hơn 0 đồng"),
    ],
)
def test_a_business_trip_is_not_submitted_without_purpose_or_cost(
    client, staff_a, overrides, message
):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    data = form_data(people, action="submit", **overrides)
    response = client.post(reverse("trips:create"), data)
    assert response.status_code == 200 and message in response.content.decode()
    assert not TripRequest.objects.exists()
    # A draft may still be saved without them.
    response = client.post(reverse("trips:create"), {**data, "action": "save"})
    assert response.status_code == 302
