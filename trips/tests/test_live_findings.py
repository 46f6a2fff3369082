"""The edit page and the reviewer's page show today's findings, and the stored ones "at
submission" beside them when they differ (issue 15, item 2)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.tests.factories import DisciplinaryReviewFactory
from trips.live_findings import findings_now
from trips.tests.helpers import draft_trip, submitted_trip

pytestmark = pytest.mark.django_db


def test_a_review_opened_after_submission_shows_on_the_reviewers_page(client, staff_a, reviewer):
    trip = submitted_trip(staff_a)
    assert "UNDER_DISCIPLINARY_REVIEW" not in trip.finding_codes
    client.force_login(reviewer)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-finding="UNDER_DISCIPLINARY_REVIEW"' not in html
    assert 'id="stored-findings"' not in html  # nothing changed: nothing beside

    DisciplinaryReviewFactory(official=trip.members.first().official)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'data-finding="UNDER_DISCIPLINARY_REVIEW"' in html
    assert 'id="stored-findings"' in html and "lúc trình hồ sơ" in html
    trip.refresh_from_db()
    assert "UNDER_DISCIPLINARY_REVIEW" not in trip.finding_codes  # a page writes nothing


def test_the_edit_page_shows_todays_findings(client, staff_a):
    trip = draft_trip(staff_a)
    DisciplinaryReviewFactory(official=trip.members.first().official)
    client.force_login(staff_a)
    html = client.get(reverse("trips:edit", args=[trip.pk])).content.decode()
    assert 'data-finding="UNDER_DISCIPLINARY_REVIEW"' in html
    assert "lúc lưu lần trước" in html


def test_a_decided_request_keeps_its_findings(staff_a, head_a):
    from approvals import services

    trip = services.trip_approve(trip=submitted_trip(staff_a), actor=head_a)
    DisciplinaryReviewFactory(official=trip.members.first().official)
    check = findings_now(trip)
    assert not check.is_live and not check.changed and check.findings == trip.findings


def test_the_reviewers_page_queries_do_not_grow_with_members(client, staff_a, reviewer):
    client.force_login(reviewer)

    def count(trip):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("trips:detail", args=[trip.pk])).status_code == 200
        return len(queries)

    small = submitted_trip(staff_a, n=2)
    large = submitted_trip(staff_a, n=9, title="Đoàn chín người")
    assert count(large) == count(small)
