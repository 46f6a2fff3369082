"""A province-level request through appraisal and a decision taken by a substitute, in a real
browser: the page shows the chain and whom the substitute acted for (issue 13)."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from agencies.tests.factories import AgencyFactory
from approvals.tests.chain_helpers import submitted_at_level
from authority.substitutions import substitution_create

PASSWORD = "mat-khau-thu-nghiem-2026"
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page: Page, live_server, username):
    page.goto(f"{live_server.url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(re.compile("/dang-nhap/"))


def test_a_substitute_decider_decides_and_the_page_says_for_whom(
    page: Page, live_server, migration_data
):
    agency = AgencyFactory(code="so-ngoai-vu", name="Sở Ngoại vụ")
    staff = staff_of(agency, username="canbo")
    from authority.tests.factories import appraiser, chairman, vice_chairman

    appraiser(UserFactory(username="thamdinh", first_name="Trần Thẩm Định", roles=[Role.REVIEWER]))
    chairman = chairman(
        UserFactory(username="lanhdao", first_name="Chủ tịch UBND", roles=[Role.DECIDER])
    )
    deputy = vice_chairman(UserFactory(username="phochutich", first_name="Phó Chủ tịch"))
    substitution_create(
        actor=chairman,
        principal=chairman,
        substitute=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=5),
    )
    trip = submitted_at_level(staff, "province", title="Đoàn xúc tiến tại Hàn Quốc")

    sign_in(page, live_server, "thamdinh")
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    expect(page.locator("#chain")).to_contain_text("Thẩm định")
    page.locator("#id_appraise_note").fill("Đủ điều kiện, đề nghị phê duyệt.")
    # Agreeing cannot be undone: it asks first, and a "no" leaves the request where it was.
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.locator("#appraise").click()
    expect(page.locator("#trip-status")).to_have_text("Chờ thẩm định")
    assert questions == ["Xác nhận: Thẩm định: đồng ý? Thao tác này không hoàn tác được."]
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#appraise").click()
    expect(page.locator("#trip-status")).to_have_text("Đã thẩm định, chờ quyết định")
    expect(page.locator("#approve")).to_have_count(0)  # the decision is not the reviewer's

    page.context.clear_cookies()
    sign_in(page, live_server, "phochutich")
    page.get_by_role("link", name="Chờ tôi xử lý").click()
    expect(page.locator("#chain-inbox")).to_contain_text("Chủ tịch UBND")
    page.get_by_role("link", name=trip.title).click()
    page.locator("#id_note").fill("Đồng ý.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#approve").click()
    expect(page.locator("#trip-status")).to_have_text("Đã phê duyệt")
    decision = page.locator('#chain [data-step="decide"]')
    expect(decision).to_contain_text("Phó Chủ tịch")
    expect(decision.locator(".acting-for")).to_have_text("(thay cho Chủ tịch UBND)")


def test_the_agency_head_signs_the_proposal_before_the_appraisal(
    page: Page, live_server, migration_data
):
    """Issue 23: the staff see the request wait for their head; the head finds it on their
    home and signs it (the signing PIN asked, as for a decision); then the Department."""
    from authority.tests.factories import agency_head, appraiser

    agency = AgencyFactory(code="so-ngoai-vu", name="Sở Ngoại vụ")
    staff = staff_of(agency, username="canbo")
    appraiser(UserFactory(username="thamdinh", first_name="Trần Thẩm Định", roles=[Role.REVIEWER]))
    agency_head(
        UserFactory(
            username="giamdoc", first_name="Giám đốc Sở", agency=agency, roles=[Role.AGENCY_HEAD]
        ),
        agency,
    )
    trip = submitted_at_level(staff, "province", proposed=False, title="Đoàn dự hội chợ tại Úc")

    sign_in(page, live_server, "canbo")
    expect(page.get_by_test_id("awaiting-proposal")).to_contain_text(trip.title)
    page.get_by_test_id("awaiting-proposal").click()
    expect(page.get_by_test_id("waiting-label")).to_have_text("Chờ Thủ trưởng ký Tờ trình")
    expect(page.locator("#propose")).to_have_count(0)

    page.context.clear_cookies()
    sign_in(page, live_server, "giamdoc")
    page.get_by_test_id("waiting-step").filter(has_text=trip.title).click()
    expect(page.locator("#propose-signing-pin")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#propose").click()
    expect(page.locator('#chain [data-step="propose"]')).to_have_attribute(
        "data-status", "approved"
    )
    expect(page.locator('#chain [data-step="appraise"]')).to_have_attribute("data-status", "active")
    expect(page.locator('#chain [data-step="propose"]')).to_contain_text("Giám đốc Sở")

    page.context.clear_cookies()
    sign_in(page, live_server, "thamdinh")
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    expect(page.locator("#appraise")).to_be_visible()
