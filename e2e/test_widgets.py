"""The widgets speak the page's language: Tom Select's buttons and messages, the date picker."""

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

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
    month, year = _month_and_year(page)
    assert month["x"] + month["width"] <= year["x"]


# Both boxes read in one call while the picker is open: read one by one, a picker that closed
# in between (a late blur of the search field on a loaded machine) timed out the second.
_BOXES = """() => {
    const open = document.querySelector(".flatpickr-calendar.open");
    if (!open) return null;
    const box = (selector) => {
        const r = open.querySelector(selector).getBoundingClientRect();
        return r.width ? {x: r.x, width: r.width} : null;
    };
    const month = box(".flatpickr-monthDropdown-months"), year = box(".cur-year");
    return month && year ? [month, year] : null;
}"""


def _month_and_year(page: Page):
    """The date picker's month and year boxes, the picker opened again if it closed."""
    for attempt in range(3):
        page.locator("#id_departure_date").click()
        try:
            return page.wait_for_function(_BOXES, timeout=10_000).json_value()
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    return None
