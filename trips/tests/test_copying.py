"""Copy a request into a new draft (issue 15, item 5)."""

import datetime as dt

import pytest
from django.urls import reverse

from trips.copying import trip_copy_to_draft
from trips.models import TripRequest
from trips.tests.helpers import draft_trip, past_trip, submitted_trip

pytestmark = pytest.mark.django_db


def test_a_copy_keeps_the_request_and_drops_its_record(staff_a):
    original = submitted_trip(staff_a, n=3, title="Đoàn xúc tiến Nhật Bản")
    copy = trip_copy_to_draft(trip=original, actor=staff_a)
    assert copy.pk != original.pk and copy.status == TripRequest.Status.DRAFT
    assert (copy.title, copy.purpose, list(copy.countries)) == (
        original.title,
        original.purpose,
        list(original.countries),
    )
    assert copy.estimated_cost_vnd == original.estimated_cost_vnd
    assert copy.departure_date == original.departure_date  # still ahead: kept
    members = {(m.official_id, m.is_head) for m in copy.members.all()}
    assert members == {(m.official_id, m.is_head) for m in original.members.all()}
    assert copy.justifications == {} and not copy.documents.exists()
    assert copy.submitted_at is None and copy.created_by == staff_a
    notes = [h.note for h in copy.history.all()]
    assert any(f"số {original.pk}" in note for note in notes)
    original.refresh_from_db()
    assert original.status == TripRequest.Status.SUBMITTED  # the original is untouched


def test_past_dates_move_ahead_keeping_weekdays(staff_a):
    original = past_trip(staff_a.agency, title="Đoàn năm ngoái")
    today = dt.date(2026, 12, 2)
    copy = trip_copy_to_draft(trip=original, actor=staff_a, today=today)
    assert copy.departure_date > today
    assert copy.departure_date.weekday() == original.departure_date.weekday()
    assert copy.return_date - copy.departure_date == original.return_date - original.departure_date
    assert copy.report_due_on is None


def test_members_who_left_are_not_copied(staff_a):
    original = draft_trip(staff_a, n=3)
    head = original.members.get(is_head=True).official
    head.is_active = False
    head.save()
    copy = trip_copy_to_draft(trip=original, actor=staff_a)
    assert head.pk not in {m.official_id for m in copy.members.all()}
    assert copy.members.filter(is_head=True).count() == 1


def test_the_copy_action(client, staff_a, staff_b, reviewer):
    original = draft_trip(staff_a)
    url = reverse("trips:copy", args=[original.pk])
    client.force_login(staff_a)
    html = client.get(reverse("trips:detail", args=[original.pk])).content.decode()
    assert url in html and "Sao chép thành bản nháp mới" in html
    response = client.post(url)
    copy = TripRequest.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response.url == reverse("trips:edit", args=[copy.pk])
    assert client.get(url).status_code == 405
    client.force_login(staff_b)
    assert client.post(url).status_code == 404  # another agency's request
    client.force_login(reviewer)
    assert client.post(url).status_code == 403
    html = client.get(reverse("trips:detail", args=[original.pk])).content.decode()
    assert url not in html
    assert TripRequest.objects.count() == 2
