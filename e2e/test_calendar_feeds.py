"""The calendar addresses page (issue 27, item 11) at desk and phone width: a staff member
makes an address from the absence calendar's link, it fits the screen, the address answers
an iCalendar feed, and revoking it (after a confirmation) ends it."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from e2e.test_every_page import VIEWPORTS
from e2e.test_trip_workflow import province, sign_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page):
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url}: {width} px wide on a {screen} px screen"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_a_staff_member_subscribes_and_revokes(
    page: Page,
    live_server,
    province,  # noqa: F811
    viewport,
):
    page.set_viewport_size(VIEWPORTS[viewport])
    sign_in(page, live_server, "canbo")
    page.goto(f"{live_server.url}/ho-so/lich-vang-mat/")
    page.get_by_role("link", name="Xem lịch này trong Outlook").click()
    page.get_by_role("button", name="Tạo địa chỉ lịch: Cán bộ của cơ quan tôi").click()
    address = page.locator("#calendar-feeds input[readonly]")
    expect(address).to_be_visible()
    url = address.input_value()
    assert url.startswith(f"{live_server.url}/lich/") and url.endswith(".ics")
    _fits(page)
    revoke = page.get_by_role("button", name="Thu hồi")
    box = revoke.bounding_box()
    assert box and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    path = url.removeprefix(live_server.url)
    assert Client().get(path)["Content-Type"].startswith("text/calendar")
    page.once("dialog", lambda dialog: dialog.accept())
    revoke.click()
    expect(page.locator("#no-calendar-feeds")).to_be_visible()
    assert Client().get(path).status_code == 404
