"""Dead ends of the second walk (issue 27, item 2), at desk and phone width: a report is not
submitted with a required part left empty (the page says which), and the lockout page has a
way back."""

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from e2e.test_every_page import VIEWPORTS
from e2e.test_trip_workflow import province, sign_in  # noqa: F401 (a fixture)
from reports.models import PostTripReport
from trips.tests.helpers import past_trip

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page):
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url}: {width} px wide on a {screen} px screen"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_report_without_its_results_is_not_submitted(
    page: Page,
    live_server,
    province,  # noqa: F811
    viewport,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    staff = province["staff"]
    trip = past_trip(staff.agency, members=province["people"][1:3], title="Đoàn đã về")
    sign_in(page, live_server, staff.username)
    page.goto(f"{live_server.url}/bao-cao/{trip.pk}/")
    page.get_by_label("Tóm tắt kết quả").fill("Đã làm việc với đối tác.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator(".invalid-feedback")).to_have_text(
        "Phải ghi phần “Kết quả so với mục đích” trước khi nộp báo cáo."
    )
    _fits(page)
    report = PostTripReport.objects.get(trip=trip)
    assert report.status == PostTripReport.Status.DRAFT
    page.get_by_label("Kết quả so với mục đích").fill("Đạt mục đích.")
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.locator("#report-status")).to_have_text("Đã nộp")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_lockout_page_leads_back_to_sign_in(page: Page, live_server, province, viewport):  # noqa: F811
    page.set_viewport_size(VIEWPORTS[viewport])
    page.goto(f"{live_server.url}/dang-nhap/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Tên đăng nhập").fill(province["staff"].username)
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Tài khoản tạm thời bị khóa")).to_be_visible()
    _fits(page)
    page.get_by_role("link", name="Về trang đăng nhập").click()
    expect(page.get_by_role("button", name="Đăng nhập")).to_be_visible()
