"""The competent authority's pages (issue 23) as the People's Committee's office uses them: a
position given to a login found by typing, an authority's steps changed in the form, each with
a reason; at phone width the lists are cards that fit the screen."""

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from authority.models import AuthorityChange, Position
from e2e.test_every_page import VIEWPORTS, _sign_in
from e2e.test_trip_workflow import pick

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_names_a_vice_chairman_and_sets_an_authority_s_steps(
    page: Page, live_server, migration_data, administrator, screenshot
):
    UserFactory(username="phochutich", first_name="Trần Văn", last_name="Phó")
    _sign_in(page, live_server, administrator)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Thẩm quyền, cơ quan ban hành, chức vụ").click()
    page.get_by_role("link", name="Chức vụ", exact=True).click()
    page.get_by_role("link", name="Thêm chức vụ").click()
    page.get_by_label("Cơ quan", exact=True).select_option(
        label="Ủy ban nhân dân Thành phố Hồ Chí Minh (UBND)"
    )
    page.get_by_label("Chức danh").fill("PHÓ CHỦ TỊCH")
    page.get_by_label("Loại").select_option("deputy")
    pick(page, "id_holder", "Trần Văn Phó")
    page.locator("#id_starts_on").fill("01/01/2027")
    page.locator("#id_starts_on").press("Tab")
    page.get_by_label("Lý do thay đổi").fill("Quyết định phân công công tác số 12")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thay đổi.")).to_be_visible()
    expect(page.locator("#positions")).to_contain_text("Trần Văn Phó")

    page.get_by_role("link", name="Thẩm quyền", exact=True).first.click()
    page.get_by_role("link", name="Cơ quan, đơn vị quản lý").click()
    page.locator("#id_steps-0-positions_1").uncheck()  # the deputy no longer decides
    page.get_by_label("Lý do thay đổi").fill("Quyết định phân cấp số 5")
    screenshot("authority-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu thay đổi.")).to_be_visible()
    assert Position.objects.get(holder__username="phochutich").kind == "deputy"
    notes = set(AuthorityChange.objects.values_list("note", flat=True))
    assert notes == {"Quyết định phân công công tác số 12", "Quyết định phân cấp số 5"}
    screenshot("authority-list")

    page.set_viewport_size(VIEWPORTS["phone"])
    page.goto(live_server.url + "/tham-quyen/chuc-vu/")
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen
    holder = page.locator('#positions td[data-label="Người giữ chức vụ"]', has_text="Trần Văn Phó")
    expect(holder).to_be_visible()
    screenshot("authority-positions-phone")
