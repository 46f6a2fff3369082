"""Each role's fixed paths of issue 15, walked in a browser: the home page's to-do list leads
to the work, returned requests with their reason and overdue reports included (items 1 and 4);
today's findings beside those at submission (item 2); irreversible actions ask first and need
a reason, and a request is copied into a new draft (item 5); Vietnamese error pages with a way
on (item 6); countries (item 8); a Vietnamese admin from the menu (item 9); notifications
marked read (item 10)."""

from datetime import date

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.models import DisciplinaryReview
from approvals import services
from e2e.test_trip_workflow import PASSWORD, province, sign_in  # noqa: F401 (a fixture)
from reports import services as report_services
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.helpers import draft_trip, past_trip, submitted_trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_finds_a_returned_request_at_home_fixes_and_resubmits(
    page: Page,
    live_server,
    province,  # noqa: F811
    screenshot,
):
    trip = submitted_trip(province["staff"], title="Đoàn khảo sát tại Singapore")
    services.trip_return(trip=trip, actor=province["head"], reason="Thiếu chương trình.")
    sign_in(page, live_server, province["staff"].username)
    todo = page.locator("section[aria-labelledby=to-fix]")
    expect(todo).to_contain_text("Lý do trả lại: Thiếu chương trình.")
    screenshot("home-staff")
    todo.get_by_role("link", name="Đoàn khảo sát tại Singapore").click()
    expect(page.get_by_text("Thiếu chương trình.").first).to_be_visible()  # the banner
    page.get_by_label("Mục đích").fill("Khảo sát cảng biển; chương trình đính kèm.")
    page.get_by_role("button", name="Trình Sở Nội vụ").click()
    expect(page.locator("#trip-status")).to_have_text("Chờ thẩm định")
    page.goto(live_server.url + "/")
    expect(page.locator("section[aria-labelledby=to-fix]")).to_have_count(0)


def test_withdrawing_needs_a_reason_and_asks_first(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    trip = submitted_trip(province["staff"])
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    questions, answers = [], [False, True]  # "no" the first time, then "yes"

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if answers.pop(0) else dialog.dismiss()

    page.on("dialog", answer)
    page.locator("#withdraw").click()  # no reason: the browser refuses to send the form
    expect(page.locator("#withdraw-reason:invalid")).to_have_count(1)
    assert questions == []
    page.locator("#withdraw-reason").fill("Đối tác hoãn chương trình.")
    page.locator("#withdraw").click()  # asked, and answered "no": nothing happens
    expect(page.locator("#trip-status")).to_have_text("Chờ thẩm định")
    assert len(questions) == 1 and "Rút hồ sơ" in questions[0]
    page.locator("#withdraw").click()  # asked again, "yes"
    expect(page.locator("#trip-status")).to_have_text("Đã rút")
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.WITHDRAWN


def test_a_request_is_copied_into_a_new_draft(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    trip = draft_trip(province["staff"], title="Đoàn dự hội chợ Hannover")
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    page.get_by_role("button", name="Sao chép thành bản nháp mới").click()
    expect(page.get_by_text("Đã tạo bản nháp mới từ hồ sơ này")).to_be_visible()
    expect(page.get_by_label("Tên đoàn / chuyến đi")).to_have_value("Đoàn dự hội chợ Hannover")
    copies = TripRequest.objects.exclude(pk=trip.pk)
    assert copies.count() == 1 and copies.get().status == TripRequest.Status.DRAFT


def test_the_reviewer_accepts_a_report_found_on_the_home_page(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    staff = province["staff"]
    trip = past_trip(staff.agency, members=province["people"][1:3], title="Đoàn học tập Úc")
    report = PostTripReport.objects.get(trip=trip)
    report_services.report_save(
        report=report, actor=staff, fields={"summary": "Hoàn thành", "outcomes": "Đạt"}
    )
    report_services.report_submit(report=report, actor=staff)
    sign_in(page, live_server, province["reviewer"].username)
    todo = page.locator("section[aria-labelledby=reports-to-accept]")
    todo.get_by_role("link", name="Đoàn học tập Úc").click()
    page.once("dialog", lambda dialog: dialog.accept())  # accepting cannot be undone: asked
    page.locator("#accept").click()
    expect(page.locator("#accept")).to_have_count(0)
    report.refresh_from_db()
    assert report.status == PostTripReport.Status.ACCEPTED
    page.goto(live_server.url + "/")
    expect(page.locator("section[aria-labelledby=reports-to-accept]")).to_have_count(0)


def test_error_pages_are_vietnamese_in_the_site_layout_with_a_way_home(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    sign_in(page, live_server, province["staff"].username)
    response = page.goto(f"{live_server.url}/bao-cao/cho-tiep-nhan/")  # the reviewers' inbox
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập")).to_be_visible()
    expect(page.locator(".app-navbar")).to_be_visible()
    response = page.goto(f"{live_server.url}/ho-so/999999/")
    assert response.status == 404
    expect(page.get_by_text("Not Found")).to_have_count(0)
    page.get_by_role("link", name="Về trang chủ").click()
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()


def test_the_administrators_menu_leads_to_a_vietnamese_admin(
    page: Page, live_server, migration_data
):
    UserFactory(username="quantri", roles=[Role.ADMINISTRATOR], is_staff=True)
    sign_in(page, live_server, "quantri")
    page.locator("#nav").get_by_role("link", name="Trang quản trị").click()
    expect(page.locator("#site-name")).to_have_text("Quản lý cán bộ đi nước ngoài")
    expect(page.locator("#content")).to_be_visible()
    for english in ("ACCOUNTS", "AXES", "Password-based authentication", "agency_staff"):
        expect(page.get_by_text(english, exact=True)).to_have_count(0)


def test_staff_find_an_overdue_report_at_home_and_open_it(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    # Back on 24/04/2026, its report due 08/05/2026 and never started: overdue (item 1).
    past_trip(province["agency"], members=province["people"][1:3], title="Đoàn khảo sát Lào")
    sign_in(page, live_server, province["staff"].username)
    owed = page.locator("section[aria-labelledby=reports-owed]")
    link = owed.get_by_role("link", name="Đoàn khảo sát Lào")
    expect(link).to_contain_text("Quá hạn (08/05/2026)")
    statuses = []
    page.on("response", lambda response: statuses.append(response.status))
    link.click()
    expect(page.get_by_role("heading", name="Báo cáo kết quả chuyến đi")).to_be_visible()
    expect(page.get_by_role("link", name="Đoàn khảo sát Lào")).to_be_visible()
    assert 404 not in statuses


def test_a_notification_opened_is_marked_read(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    submitted_trip(province["staff"], title="Đoàn dự triển lãm Đức")  # notifies its decider
    # The agency's head decides the officials it manages (issue 23): the one told.
    sign_in(page, live_server, province["head"].username)
    badge = page.locator(".app-navbar .badge")
    expect(badge).to_have_text("1")
    page.locator("#nav").get_by_role("link", name="Thông báo").click()
    page.get_by_role("button", name="Đoàn dự triển lãm Đức").first.click()
    expect(page.get_by_role("heading", name="Đoàn dự triển lãm Đức")).to_be_visible()
    expect(badge).to_have_count(0)


def test_viet_nam_is_not_a_destination(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    control = page.locator("#id_countries-ts-control")
    control.click()
    control.fill("Việt")
    expect(page.locator("#id_countries-ts-dropdown")).to_contain_text("Không tìm thấy kết quả")
    control.fill("Ai-")  # Iceland and Ireland, told apart
    options = page.locator("#id_countries-ts-dropdown .option")
    expect(options.filter(has_text="Ai-xơ-len")).to_have_count(1)
    expect(options.filter(has_text="Ai-len")).to_have_count(1)


def test_the_reviewer_sees_todays_findings_beside_those_at_submission(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    trip = submitted_trip(province["staff"], title="Đoàn xúc tiến tại Úc")
    member = trip.members.first().official
    DisciplinaryReview.objects.create(official=member, kind="party", opened_on=date.today())
    sign_in(page, live_server, province["reviewer"].username)
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    # Item 2: the block appears from today's check, not only when Approve is refused.
    expect(page.locator('[data-finding="UNDER_DISCIPLINARY_REVIEW"]')).to_be_visible()
    stored = page.locator("#stored-findings")
    expect(stored).to_contain_text("Kết quả kiểm tra lúc trình hồ sơ")
    expect(stored.locator('[data-stored-finding="UNDER_DISCIPLINARY_REVIEW"]')).to_have_count(0)
