"""Reviewers hear of submitted reports, find them in a list, and see trips whose report is
overdue although nobody started it (issue 15, item 1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import Notification
from reports import selectors, services
from reports.models import PostTripReport
from trips.tests.helpers import past_trip

pytestmark = pytest.mark.django_db
INBOX = reverse("reports:inbox")


def submitted_report(staff, **fields):
    trip = past_trip(staff.agency)  # completed: its report row exists
    report = PostTripReport.objects.get(trip=trip)
    services.report_save(
        report=report, actor=staff, fields={"summary": "Hoàn thành", "outcomes": "Đạt", **fields}
    )
    return services.report_submit(report=report, actor=staff)


def test_reviewers_are_notified_when_a_report_is_submitted(staff_a, reviewer, eager_tasks):
    report = submitted_report(staff_a)
    notice = Notification.objects.get(recipient=reviewer)
    assert report.trip.title in notice.subject
    assert notice.url == reverse("reports:edit", args=[report.trip_id])
    assert not Notification.objects.filter(recipient=staff_a).exists()
    # Returned and submitted again: a second notice, for the second submission.
    services.report_return(report=report, actor=reviewer, reason="Thiếu kinh phí thực tế")
    services.report_submit(report=report, actor=staff_a)
    assert Notification.objects.filter(recipient=reviewer).count() == 2


def test_the_inbox_lists_submitted_reports_only(client, staff_a, reviewer):
    report = submitted_report(staff_a)
    draft = past_trip(staff_a.agency, title="Đoàn chưa nộp báo cáo")
    client.force_login(reviewer)
    html = client.get(INBOX).content.decode()
    assert report.trip.title in html
    assert reverse("reports:edit", args=[report.trip_id]) in html
    assert draft.title not in html
    services.report_accept(report=report, actor=reviewer)
    assert report.trip.title not in client.get(INBOX).content.decode()


def test_the_inbox_is_for_reviewers(client, staff_a, custodian, administrator):
    client.force_login(staff_a)
    assert client.get(INBOX).status_code == 403
    client.force_login(custodian)
    assert client.get(INBOX).status_code == 403
    client.force_login(administrator)
    assert client.get(INBOX).status_code == 200
    assert client.post(INBOX).status_code == 405


def test_the_inbox_queries_do_not_grow(client, staff_a, reviewer):
    client.force_login(reviewer)
    submitted_report(staff_a)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(INBOX).status_code == 200
        return len(queries)

    one = count()
    for _ in range(5):
        submitted_report(staff_a)
    assert count() == one


def test_a_trip_without_a_report_past_its_deadline_is_overdue(client, staff_a, reviewer):
    trip = past_trip(staff_a.agency, status="approved", title="Đoàn chưa lập báo cáo")
    assert not PostTripReport.objects.filter(trip=trip).exists()
    today = dt.date.today()
    rows = selectors.overdue(today)
    assert [(row.trip, row.report, row.due_on) for row in rows] == [
        (trip, None, trip.report_due_on)
    ]
    assert rows[0].working_days_late > 0
    client.force_login(reviewer)
    html = client.get(reverse("reports:dashboard")).content.decode()
    assert "Đoàn chưa lập báo cáo" in html and "Chưa lập báo cáo" in html
    # Linked to the trip, not to a report page that does not exist.
    assert reverse("trips:detail", args=[trip.pk]) in html
    detail = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'id="report-overdue"' in detail
    assert "Chuyến này (hạn 08/05/2026)" in detail


def test_a_filed_report_is_not_overdue(client, staff_a, reviewer):
    report = submitted_report(staff_a)
    assert selectors.overdue(dt.date.today()) == []
    client.force_login(reviewer)
    detail = client.get(reverse("trips:detail", args=[report.trip_id])).content.decode()
    assert 'id="report-overdue"' not in detail
