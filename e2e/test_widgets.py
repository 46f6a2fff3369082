"""The widgets speak the page's language: Tom Select's buttons and messages, the date picker."""

import pytest
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import pick, province, sign_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_searchable_fields_and_the_date_picker_are_vietnamese(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    pick(page, "id_countries", "Ai-xơ-len")
    remove = page.locator("#id_countries + .ts-wrapper .item .remove").first
    expect(remove).to_have_attribute("title", "Bỏ")
    control = page.locator("#id_countries-ts-control")
    control.click()
    control.fill("zzzz")
    expect(page.locator("#id_countries-ts-dropdown .no-results")).to_have_text(
        "Không tìm thấy kết quả"
    )
    page.locator("h1").first.click()
    page.locator("#id_departure_date").click()
    calendar = page.locator(".flatpickr-calendar.open")
    expect(calendar.locator(".cur-year")).to_be_visible()
    month = calendar.locator(".flatpickr-monthDropdown-months")
    year = calendar.locator(".cur-year")
    assert month.bounding_box()["x"] + month.bounding_box()["width"] <= year.bounding_box()["x"]
