"""Search as Vietnamese users type (issue 27, item 10), at desk and phone width: the queue's
member filter and the request form's members find "Nguyễn Văn Cán Bộ 03" from "nguyen van
can bo 03", the agency filter "Sở Ngoại vụ" from "so ngoai vu"."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.test_every_page import VIEWPORTS
from e2e.test_trip_workflow import province, sign_in  # noqa: F401 (a fixture)
from trips.models import TripRequest
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _typed(page: Page, select_id: str, typed: str, found: str):
    control = page.locator(f"#{select_id}-ts-control")
    control.click()
    control.fill(typed)
    option = page.locator(f"#{select_id}-ts-dropdown .option", has_text=found).first
    expect(option).to_be_visible()
    option.click()
    page.locator("h1").first.click()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_names_are_found_without_accents(
    page: Page,
    live_server,
    province,  # noqa: F811
    viewport,
    screenshot,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    TripFactory(
        agency=province["agency"],
        title="Đoàn có cán bộ 03",
        status=TripRequest.Status.SUBMITTED,
        submitted_at=timezone.now(),
        departure_date=dt.date(2027, 6, 7),
        members=[province["people"][3]],
    )
    sign_in(page, live_server, "thamdinh")
    page.goto(f"{live_server.url}/ho-so/tham-dinh/")
    _typed(page, "id_member", "nguyen van can bo 03", "Nguyễn Văn Cán Bộ 03")
    _typed(page, "id_agency", "so ngoai vu", "Sở Ngoại vụ")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Đoàn có cán bộ 03").first).to_be_visible()
    # The statistics' agency picker is searched too: a province has hundreds of agencies.
    page.goto(f"{live_server.url}/thong-ke/?year=2027")
    _typed(page, "agency", "so ngoai vu", "Sở Ngoại vụ")
    page.get_by_role("button", name="Xem").click()
    expect(page.locator("#agency option:checked")).to_have_text("Sở Ngoại vụ")
    expect(page.locator("#figures tbody tr")).to_have_count(1)
    expect(page.locator("#figures")).to_contain_text("Sở Ngoại vụ")
    screenshot(f"statistics-agency-{viewport}")

    page.context.clear_cookies()
    sign_in(page, live_server, "canbo")
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    _typed(page, "id_members", "can bo 05", "Nguyễn Văn Cán Bộ 05")
    expect(page.locator("#id_members option:checked")).to_contain_text("Nguyễn Văn Cán Bộ 05")
