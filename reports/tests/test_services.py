"""The report services: submitted only after the return date, judged by a reviewer who was
not on the trip (POLICY.md, settled readings)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from api.tests.openapi import assert_matches_schema
from reports import services
from reports.models import PostTripReport
from reports.services import ReportTooEarly, ReportTransitionNotAllowed
from trips.models import TripRequest
from trips.tests.helpers import approved_trip, past_trip

D = dt.date
S = PostTripReport.Status
pytestmark = pytest.mark.django_db


def written(trip, staff):
    report = services.report_open(trip=trip, actor=staff)
    return services.report_save(
        report=report, actor=staff, fields={"summary": "Hoàn thành", "outcomes": "Đạt"}
    )


@pytest.mark.parametrize(
    ("today", "submitted"),
    [
        (D(2027, 6, 7), False),  # the departure day
        (D(2027, 6, 11), False),  # the return date itself
        (D(2027, 6, 12), True),  # the day after
    ],
)
def test_a_report_is_submitted_only_after_the_return_date(staff_a, reviewer, today, submitted):
    report = written(approved_trip(staff_a, reviewer), staff_a)  # 7/6 .. 11/6/2027
    if submitted:
        report = services.report_submit(report=report, actor=staff_a, today=today)
        assert report.status == S.SUBMITTED and report.working_days_late == 0
        return
    with pytest.raises(ReportTooEarly) as refused:
        services.report_submit(report=report, actor=staff_a, today=today)
    assert isinstance(refused.value, ReportTransitionNotAllowed)  # a 409 conflict
    assert refused.value.status == S.DRAFT and "11/06/2027" in refused.value.message
    report.refresh_from_db()
    assert report.status == S.DRAFT and report.submitted_at is None
    assert list(report.history.values_list("to_status", flat=True)) == [S.DRAFT]


def test_the_api_answers_409_before_the_return(staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)
    written(trip, staff_a)
    api = APIClient()
    api.force_authenticate(staff_a)
    response = api.post(f"/api/v1/trips/{trip.pk}/report/submit/")
    assert response.status_code == 409
    assert_matches_schema(response)
    assert response.json()["status"] == "draft"


@pytest.fixture
def travelling_reviewer(staff_a):
    """A reviewer of the Department who was a member of the delegation."""
    user = UserFactory(roles=[Role.REVIEWER])
    return user, OfficialFactory(agency=staff_a.agency, user=user)


@pytest.mark.parametrize("action", ["accept", "return"])
def test_a_reviewer_who_travelled_cannot_judge_the_report(
    staff_a, reviewer, travelling_reviewer, action
):
    user, official = travelling_reviewer
    trip = approved_trip(staff_a, reviewer)  # back on 11/6/2027
    trip.members.filter(is_head=False).update(official=official)
    report = written(trip, staff_a)
    report = services.report_submit(report=report, actor=staff_a, today=D(2027, 6, 14))
    with pytest.raises(PermissionDenied):
        if action == "accept":
            services.report_accept(report=report, actor=user)
        else:
            services.report_return(report=report, actor=user, reason="Bổ sung")
    report.refresh_from_db()
    assert report.status == S.SUBMITTED


def test_another_reviewer_accepts_it_and_the_api_refuses_the_traveller(
    staff_a, reviewer, travelling_reviewer
):
    user, official = travelling_reviewer
    trip = past_trip(staff_a.agency, members=[official])
    services.report_submit(report=written(trip, staff_a), actor=staff_a)
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(f"/api/v1/trips/{trip.pk}/report/accept/", {}, format="json")
    assert response.status_code == 403
    api.force_authenticate(reviewer)
    response = api.post(f"/api/v1/trips/{trip.pk}/report/accept/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"


def test_the_reviewer_who_created_the_trip_cannot_judge_its_report(staff_a, reviewer):
    """The table's REVIEWER predicate (not the creator, not a member): service and API agree
    with the page's buttons."""
    trip = past_trip(staff_a.agency)
    TripRequest.objects.filter(pk=trip.pk).update(created_by=reviewer)
    report = services.report_submit(report=written(trip, staff_a), actor=staff_a)
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, actor=reviewer)
    api = APIClient()
    api.force_authenticate(reviewer)
    response = api.post(f"/api/v1/trips/{trip.pk}/report/accept/", {}, format="json")
    assert response.status_code == 403
    assert_matches_schema(response)
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
