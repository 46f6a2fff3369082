"""The past-trip form: the administrator finds the members by typing (the page does not carry
the province's officials) and records the trip."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from e2e.test_trip_workflow import pick, province, sign_in  # noqa: F401 (a fixture)
from trips.models import TripRequest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_administrator_picks_members_by_typing(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    UserFactory(username="quantri", roles=[Role.ADMINISTRATOR])
    sign_in(page, live_server, "quantri")
    page.goto(live_server.url + reverse("registry:record-past-trip"))
    expect(page.locator("#id_members option")).to_have_count(0)
    page.locator("#id_agency").select_option(label="Sở Ngoại vụ")
    page.locator("#id_kind").select_option("business")
    page.get_by_label("Tên đoàn / chuyến đi").fill("Đoàn khảo sát tại Hàn Quốc")
    page.get_by_label("Mục đích").fill("Khảo sát mô hình khu công nghiệp")
    pick(page, "id_countries", "Hàn Quốc")
    for field, day in [("departure_date", "20/04/2026"), ("return_date", "24/04/2026"),
                       ("decided_on", "06/04/2026")]:  # fmt: skip
        page.locator(f"#id_{field}").fill(day)
        page.locator(f"#id_{field}").press("Tab")
    page.locator("#id_organiser_type").select_option("foreign_government")
    pick(page, "id_members", "Cán Bộ 03")
    pick(page, "id_members", "Cán Bộ 05")
    pick(page, "id_head", "Cán Bộ 03")
    page.locator("#id_status").select_option("completed")
    page.get_by_label("Số quyết định").fill("88/QĐ-UBND")
    page.get_by_label("Người ký quyết định").fill("Chủ tịch UBND tỉnh")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_role("heading", name="Đoàn khảo sát tại Hàn Quốc")).to_be_visible()
    trip = TripRequest.objects.get()
    names = {m.official.full_name: m.is_head for m in trip.members.select_related("official")}
    assert names == {"Nguyễn Văn Cán Bộ 03": True, "Nguyễn Văn Cán Bộ 05": False}
