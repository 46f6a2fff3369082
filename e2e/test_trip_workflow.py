"""A business trip from the agency's form to its head's decision, in a real browser."""

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from agencies.tests.factories import AgencyFactory, OfficialFactory
from authority.tests.factories import agency_head, appraiser
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.tests.helpers import submitted_trip

PASSWORD = "mat-khau-thu-nghiem-2026"
# Transactional: the browser talks to the server in another thread.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def province(migration_data):
    agency = AgencyFactory(code="so-ngoai-vu", name="Sở Ngoại vụ")
    other = AgencyFactory(code="so-y-te", name="Sở Y tế")
    people = []
    for index in range(12):
        official = OfficialFactory(
            agency=agency,
            full_name=f"Nguyễn Văn Cán Bộ {index:02d}",
            position="Giám đốc" if index == 0 else "Chuyên viên",
            is_key_leader=index == 0,
        )
        PassportFactory(official=official, kind="official", expires_on=dt.date(2031, 1, 1))
        people.append(official)
    return {
        "agency": agency,
        "people": people,
        "staff": staff_of(agency, username="canbo", first_name="Lê Thị Hồ Sơ"),
        "other_staff": staff_of(other, username="canbo.yte"),
        "reviewer": appraiser(
            UserFactory(username="thamdinh", first_name="Trần Thẩm Định", roles=[Role.REVIEWER])
        ),
        # Officials the agency manages: its head decides (issue 23).
        "head": agency_head(
            UserFactory(
                username="thutruong", first_name="Giám đốc", agency=agency, roles=[Role.AGENCY_HEAD]
            ),
            agency,
        ),
    }


def sign_in(page: Page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name=re.compile("Xin chào"))).to_be_visible()


def pick(page: Page, select_id: str, text: str):
    """Choose an option in a searchable (Tom Select) field by typing, as a person does."""
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(text)
    page.locator(f"#{select_id}-ts-dropdown .option", has_text=text).first.click()
    page.locator("h1").first.click()  # leave the field
    expect(page.locator(f"#{select_id}-ts-dropdown")).to_be_hidden()


def fill_trip(page: Page, members):
    page.get_by_label("Tên đoàn / chuyến đi").fill("Đoàn làm việc tại tỉnh Kanagawa")
    page.get_by_label("Mục đích").fill("Trao đổi kinh nghiệm quản lý đô thị")
    pick(page, "id_countries", "Nhật Bản")
    page.locator("#id_departure_date").fill("07/06/2027")
    page.locator("#id_departure_date").press("Tab")
    page.locator("#id_return_date").fill("11/06/2027")
    page.locator("#id_return_date").press("Tab")
    page.get_by_label("Cơ quan, tổ chức mời").fill("Chính quyền tỉnh Kanagawa")
    page.select_option("#id_organiser_type", "foreign_government")
    page.locator("#id_estimated_cost_vnd").fill("300000000")
    for member in members:
        pick(page, "id_members", member.full_name)
    page.select_option("#id_head", str(members[0].id))


def test_staff_creates_justifies_and_submits_then_the_head_approves(
    page, live_server, province, screenshot
):
    people = province["people"]
    sign_in(page, live_server, "canbo")
    page.get_by_role("link", name="Lập hồ sơ").first.click()
    fill_trip(page, people[1:3])
    warning = page.locator('[data-finding="NOT_IN_ANNUAL_PLAN"]')
    expect(warning).to_be_visible()  # appeared live, without a page load
    expect(page.locator("#id_estimated_cost_vnd")).to_have_value("300.000.000")
    screenshot("trip-form-live-findings")
    page.locator("#id-justification-NOT_IN_ANNUAL_PLAN").fill("Lời mời đột xuất của tỉnh Kanagawa.")
    page.get_by_role("button", name="Trình Sở Nội vụ").click()
    expect(page.get_by_text("Đã trình hồ sơ tới Sở Nội vụ.")).to_be_visible()
    expect(page.locator("#trip-status")).to_have_text("Chờ thẩm định")
    trip = TripRequest.objects.get()
    assert trip.departure_date == dt.date(2027, 6, 7)
    assert trip.justifications == {"NOT_IN_ANNUAL_PLAN": "Lời mời đột xuất của tỉnh Kanagawa."}

    page.context.clear_cookies()
    sign_in(page, live_server, "thutruong")
    # The head's home leads to the work: the request waiting for their decision.
    page.locator('[data-testid="waiting-step"]', has_text=trip.title).click()
    screenshot("review-queue")
    expect(page.get_by_text("Lời mời đột xuất của tỉnh Kanagawa.")).to_be_visible()
    screenshot("trip-detail-reviewer")
    page.locator("#id_note").fill("Đồng ý chủ trương.")
    # Approving cannot be undone: the page asks first (static/js/confirm.js).
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.locator("#approve").click()
    expect(page.locator("#trip-status")).to_have_text("Đã phê duyệt")
    expect(page.locator("#history")).to_contain_text("Đồng ý chủ trương.")
    assert questions and "Phê duyệt" in questions[0]
    page.context.clear_cookies()  # the absence calendar is the Department's
    sign_in(page, live_server, "thamdinh")
    page.get_by_role("link", name="Lịch vắng mặt").click()
    page.goto(f"{live_server.url}/ho-so/lich-vang-mat/?year=2027&month=6")
    expect(page.get_by_text(people[1].full_name)).to_be_visible()
    screenshot("absence-calendar")


def test_an_eleventh_member_blocks_the_request(page, live_server, province):
    sign_in(page, live_server, "canbo")
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    fill_trip(page, province["people"][1:11])
    expect(page.locator('[data-finding="LARGE_DELEGATION"]')).to_be_visible()
    expect(page.locator('[data-finding="DELEGATION_TOO_LARGE"]')).to_have_count(0)
    pick(page, "id_members", province["people"][11].full_name)
    block = page.locator('[data-finding="DELEGATION_TOO_LARGE"]')
    expect(block).to_be_visible()
    expect(block).to_contain_text("11 người")
    page.get_by_role("button", name="Trình Sở Nội vụ").click()
    expect(page.get_by_text("chưa trình được")).to_be_visible()
    assert TripRequest.objects.get().status == TripRequest.Status.DRAFT


def test_returned_request_is_edited_and_resubmitted(page, live_server, province):
    trip = submitted_trip(province["staff"])
    sign_in(page, live_server, "thutruong")  # the step's taker: the agency's head (issue 23)
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    page.locator("#return-reason").fill("Bổ sung chương trình làm việc chi tiết.")
    page.locator("#return").click()
    expect(page.locator("#trip-status")).to_have_text("Trả lại để chỉnh sửa")

    page.context.clear_cookies()
    sign_in(page, live_server, "canbo")
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    expect(page.locator("#history")).to_contain_text("Bổ sung chương trình làm việc chi tiết.")
    page.get_by_role("link", name="Sửa hồ sơ").click()
    expect(page.get_by_text("Bổ sung chương trình làm việc chi tiết.")).to_be_visible()
    page.get_by_label("Mục đích").fill("Xúc tiến đầu tư; chương trình chi tiết đính kèm.")
    page.get_by_role("button", name="Trình Sở Nội vụ").click()
    expect(page.locator("#trip-status")).to_have_text("Chờ thẩm định")
    trip.refresh_from_db()
    assert trip.purpose == "Xúc tiến đầu tư; chương trình chi tiết đính kèm."


def test_staff_of_another_agency_cannot_open_the_request(page, live_server, province):
    trip = submitted_trip(province["staff"])
    sign_in(page, live_server, "canbo.yte")
    response = page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    assert response.status == 404
    expect(page.get_by_text(trip.title)).to_have_count(0)


def test_login_page(page, live_server, screenshot):
    page.goto(f"{live_server.url}/dang-nhap/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    screenshot("login")
