"""A custodian hands a passport out for an approved trip and takes it back, in a browser."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from agencies.tests.factories import AgencyFactory
from e2e.test_trip_workflow import sign_in
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_custodian_hands_out_and_takes_back(page, live_server, migration_data, screenshot):
    staff = staff_of(AgencyFactory(name="Sở Ngoại vụ"), username="canbo")
    reviewer = UserFactory(username="thamdinh", roles=[Role.REVIEWER])
    UserFactory(username="hochieu", first_name="Phạm Văn Lưu Giữ", roles=[Role.CUSTODIAN])
    trip = approved_trip(staff, reviewer)
    passport = trip.members.get(is_head=True).official.passports.get(kind="official")

    sign_in(page, live_server, "hochieu")
    page.get_by_role("link", name="Hộ chiếu", exact=True).click()
    page.get_by_role("link", name=passport.number).click()
    page.select_option("#id_giao-trip", str(trip.pk))
    page.locator("#id_giao-on_date").fill("01/06/2027")
    page.locator("#id_giao-on_date").press("Tab")
    page.locator("#giao").click()
    expect(page.locator("#passport-status")).to_have_text("Đã giao cho người sử dụng")
    screenshot("passport-detail")

    page.locator("#id_nhan-lai-on_date").fill("18/06/2027")
    page.locator("#id_nhan-lai-on_date").press("Tab")
    page.locator("#nhan-lai").click()
    expect(page.locator("#passport-status")).to_have_text("Đang lưu giữ")
    log = page.locator("#custody-log")
    expect(log).to_contain_text("Giao hộ chiếu")
    expect(log).to_contain_text("Nhận lại hộ chiếu")
    page.get_by_role("link", name="Biên bản").first.click()
    expect(page.get_by_role("heading", name="BIÊN BẢN GIAO NHẬN HỘ CHIẾU")).to_be_visible()
    screenshot("passport-receipt")
    page.get_by_role("link", name=re.compile("Theo dõi hộ chiếu")).click()
    expect(page).to_have_url(re.compile("/ho-chieu/theo-doi/$"))
