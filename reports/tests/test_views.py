"""The report form, its review, and the dashboard: permissions and constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports import services
from reports.models import PostTripReport
from trips.tests.factories import TripFactory
from trips.tests.helpers import approved_trip, draft_trip, past_trip

pytestmark = pytest.mark.django_db
S = PostTripReport.Status


@pytest.fixture
def trip(staff_a):
    # Back from the trip: a report is submitted only after the return date.
    return past_trip(staff_a.agency)


def edit_url(trip):
    return reverse("reports:edit", args=[trip.pk])


def test_staff_write_save_and_submit_a_report(client, staff_a, trip):
    client.force_login(staff_a)
    assert client.get(edit_url(trip)).status_code == 200
    report = PostTripReport.objects.get(trip=trip)
    assert report.due_on == dt.date(2026, 5, 8)
    data = {
        "summary": "Hoàn thành chương trình",
        "outcomes": "Ký biên bản ghi nhớ",
        "agreements": "",
        "follow_up": "Đề xuất đoàn đáp lễ",
        "actual_cost_vnd": "240.000.000",
        "action": "save",
    }
    client.post(edit_url(trip), data)
    report.refresh_from_db()
    assert report.actual_cost_vnd == 240_000_000 and report.status == S.DRAFT
    client.post(edit_url(trip), {**data, "action": "submit"})
    report.refresh_from_db()
    assert report.status == S.SUBMITTED and report.submitted_by == staff_a


def test_bad_amount_is_explained_and_saves_nothing(client, staff_a, trip):
    client.force_login(staff_a)
    response = client.post(
        edit_url(trip), {"summary": "x", "actual_cost_vnd": "-1", "action": "save"}
    )
    assert "số nguyên không âm" in response.content.decode()
    assert PostTripReport.objects.get(trip=trip).summary == ""


@pytest.mark.parametrize(
    ("data", "missing"),
    [
        ({"summary": "", "outcomes": "Đạt"}, ["Tóm tắt kết quả"]),
        ({"summary": "Hoàn thành", "outcomes": "  "}, ["Kết quả so với mục đích"]),
        ({}, ["Tóm tắt kết quả", "Kết quả so với mục đích"]),
    ],
)
def test_a_report_needs_its_required_parts_to_be_submitted(client, staff_a, trip, data, missing):
    client.force_login(staff_a)
    response = client.post(edit_url(trip), {**data, "action": "submit"})
    assert response.status_code == 200  # the form again, each missing part marked
    html = response.content.decode()
    for part in missing:
        assert f"Phải ghi phần “{part}” trước khi nộp báo cáo." in html
    report = PostTripReport.objects.get(trip=trip)
    assert report.status == S.DRAFT and report.submitted_at is None
    assert not report.history.filter(to_status=S.SUBMITTED).exists()


def test_reviewer_accepts_or_returns_with_a_reason(client, staff_a, reviewer, trip):
    client.force_login(staff_a)
    client.get(edit_url(trip))
    client.post(edit_url(trip), {"summary": "Kết quả tốt", "outcomes": "Đạt", "action": "submit"})
    client.force_login(reviewer)
    url = reverse("reports:action", args=[trip.pk, "return"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Phải nêu lý do." in response.content.decode()
    client.post(url, {"reason": "Bổ sung số liệu kinh phí"})
    report = PostTripReport.objects.get(trip=trip)
    assert report.status == S.RETURNED
    assert report.history.last().note == "Bổ sung số liệu kinh phí"


def test_report_permissions(client, staff_a, staff_b, reviewer, custodian, trip):
    client.force_login(staff_b)
    assert client.get(edit_url(trip)).status_code == 404  # another agency
    client.force_login(reviewer)
    assert client.get(edit_url(trip)).status_code == 200  # owed since it was recorded
    client.force_login(staff_a)
    client.get(edit_url(trip))
    assert client.post(reverse("reports:action", args=[trip.pk, "accept"])).status_code == 403
    assert client.put(edit_url(trip)).status_code == 405
    client.force_login(reviewer)
    assert client.get(edit_url(trip)).status_code == 200
    assert client.get(reverse("reports:action", args=[trip.pk, "accept"])).status_code == 405
    assert client.post(reverse("reports:action", args=[trip.pk, "explode"])).status_code == 404
    draft = draft_trip(staff_a)
    client.force_login(staff_a)
    assert client.get(reverse("reports:edit", args=[draft.pk])).status_code == 404
    client.force_login(custodian)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_dashboard_queries_do_not_grow(client, reviewer, staff_a):
    client.force_login(reviewer)
    today = dt.date.today()

    def make(n):
        for index in range(n):
            trip = TripFactory(agency=staff_a.agency, status="completed", report_due_on=today)
            PostTripReport.objects.create(
                trip=trip,
                due_on=today + dt.timedelta(days=(index % 20) - 10),
                status=[S.DRAFT, S.SUBMITTED, S.ACCEPTED][index % 3],
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("reports:dashboard"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    make(1)
    count()  # what a process reads once a while (the calendar's overrides, cached)
    one, _html = count()
    make(99)
    many, html = count()
    assert many == one
    assert "Tỷ lệ nộp đúng hạn" in html


def test_a_report_before_the_return_is_saved_but_not_submitted(client, staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)  # returns on 11/06/2027
    client.force_login(staff_a)
    response = client.post(
        edit_url(trip),
        {"summary": "Viết trước", "outcomes": "Đạt", "action": "submit"},
        follow=True,
    )
    assert "chỉ nộp báo cáo sau ngày về" in response.content.decode()
    report = PostTripReport.objects.get(trip=trip)
    assert report.summary == "Viết trước" and report.status == S.DRAFT


def test_a_get_never_starts_the_report(client, staff_a, staff_b, reviewer):
    """Issue 12: a GET only reads. The page shows the empty state with the start action to
    the agency's staff, the empty state alone to a reviewer, and 404 to other agencies."""
    trip = approved_trip(staff_a, reviewer)
    client.force_login(staff_a)
    page = client.get(edit_url(trip))
    assert page.status_code == 200 and b'id="start_report"' in page.content
    assert not PostTripReport.objects.filter(trip=trip).exists()
    client.force_login(reviewer)
    page = client.get(edit_url(trip))
    assert page.status_code == 200 and b'id="start_report"' not in page.content
    assert client.post(reverse("reports:start", args=[trip.pk])).status_code == 403
    client.force_login(staff_b)
    assert client.get(edit_url(trip)).status_code == 404
    client.force_login(staff_a)
    response = client.post(reverse("reports:start", args=[trip.pk]))
    assert response.status_code == 302 and response["Location"] == edit_url(trip)
    report = PostTripReport.objects.get(trip=trip)
    assert list(report.history.values_list("to_status", flat=True)) == ["draft"]
    client.post(reverse("reports:start", args=[trip.pk]))  # twice: still one report, one row
    assert report.history.count() == 1


def test_the_api_starts_a_report_on_post_only(staff_a, reviewer):
    from rest_framework.test import APIClient

    trip = approved_trip(staff_a, reviewer)
    url = f"/api/v1/trips/{trip.pk}/report/"
    api = APIClient()
    api.force_authenticate(staff_a)
    assert api.get(url).status_code == 404
    assert not PostTripReport.objects.filter(trip=trip).exists()
    api.force_authenticate(reviewer)
    assert api.post(url).status_code == 403
    api.force_authenticate(staff_a)
    created = api.post(url)
    assert created.status_code == 201 and created.json()["status"] == "draft"
    assert api.post(url).status_code == 200
    assert api.get(url).status_code == 200


def test_a_reviewer_who_went_on_the_trip_is_offered_no_decision(client, staff_a, reviewer):
    from agencies.tests.factories import OfficialFactory
    from core.workflow import actions_for
    from trips.models import TripMember

    trip = past_trip(staff_a.agency)
    report = services.report_save(
        report=trip.report, actor=staff_a, fields={"summary": "Xong", "outcomes": "Đạt"}
    )
    report = services.report_submit(report=report, actor=staff_a)
    assert [a.name for a in actions_for(reviewer, report)] == ["accept", "return"]
    TripMember.objects.create(
        trip=trip, official=OfficialFactory(agency=trip.agency, user=reviewer)
    )
    assert actions_for(reviewer, report) == []
    client.force_login(reviewer)
    assert b'id="accept"' not in client.get(edit_url(trip)).content
    assert client.post(reverse("reports:action", args=[trip.pk, "accept"])).status_code == 403
    report.refresh_from_db()
    assert report.status == S.SUBMITTED
    assert report.history.last().from_label == "Đang soạn"
