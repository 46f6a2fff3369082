"""A reviewer hears of a submitted post-trip report, finds it in "Chờ tiếp nhận" and accepts
it (issue 15, item 1)."""

import pytest
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import province, sign_in  # noqa: F401 (a fixture)
from reports import services
from reports.models import PostTripReport
from trips.tests.helpers import past_trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_reviewer_accepts_a_report_found_in_the_inbox(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    staff = province["staff"]
    trip = past_trip(staff.agency, members=province["people"][1:3], title="Đoàn học tập Hàn Quốc")
    report = PostTripReport.objects.get(trip=trip)
    services.report_save(
        report=report, actor=staff, fields={"summary": "Hoàn thành", "outcomes": "Đạt"}
    )
    services.report_submit(report=report, actor=staff)

    sign_in(page, live_server, province["reviewer"].username)
    expect(page.locator(".app-navbar .badge")).to_be_visible()  # the notice, unread
    page.get_by_role("link", name="Chờ tiếp nhận").click()
    expect(page.get_by_role("heading", name="Báo cáo chờ tiếp nhận")).to_be_visible()
    page.get_by_role("link", name="Đoàn học tập Hàn Quốc").click()
    page.once("dialog", lambda dialog: dialog.accept())  # accepting cannot be undone: asked
    page.locator("#accept").click()
    expect(page.locator("#accept")).to_have_count(0)
    report.refresh_from_db()
    assert report.status == PostTripReport.Status.ACCEPTED
    page.goto(f"{live_server.url}/bao-cao/cho-tiep-nhan/")
    expect(page.get_by_text("Không có báo cáo nào chờ tiếp nhận.")).to_be_visible()
