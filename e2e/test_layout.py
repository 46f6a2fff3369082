"""The filter bars and the header fit the screen: a desktop (1366×768) and a phone (390×844).

The trip list and the review queue carry the longest filter bar (eight fields, the country
select with the longest names); at 1366 px the menu labels stay on one line each.
"""

import pytest
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import province, sign_in  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PAGES = ["/ho-so/", "/ho-so/tham-dinh/"]


def overflow(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_filter_bars_fit_the_screen(
    page: Page,
    live_server,
    province,  # noqa: F811
    viewport,
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, province["reviewer"].username)
    for path in PAGES:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_label("Quốc gia")).to_be_visible()
        scroll_width, inner_width = overflow(page)
        assert scroll_width <= inner_width, (path, scroll_width, inner_width)
        # Each filter control lies inside the page and overlaps no other control.
        boxes = [
            page.locator(f"#{name}").bounding_box()
            for name in ("id_q", "id_status", "id_kind", "id_year", "id_country", "id_finding")
        ]
        button = page.get_by_role("button", name="Lọc").bounding_box()
        for box in [*boxes, button]:
            assert box["x"] >= 0 and box["x"] + box["width"] <= inner_width, (path, box)
        for index, a in enumerate([*boxes, button]):
            for b in [*boxes, button][index + 1 :]:
                apart = (
                    a["x"] + a["width"] <= b["x"]
                    or b["x"] + b["width"] <= a["x"]
                    or a["y"] + a["height"] <= b["y"]
                    or b["y"] + b["height"] <= a["y"]
                )
                assert apart, (path, a, b)


def test_menu_labels_stay_on_one_line_on_a_desktop(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    page.set_viewport_size(DESKTOP)
    sign_in(page, live_server, province["reviewer"].username)
    links = page.locator(".app-navbar .navbar-nav .nav-link")
    heights = [links.nth(i).bounding_box()["height"] for i in range(links.count())]
    assert max(heights) < 1.6 * min(heights), heights  # one line each, none wrapped
    tops = {round(links.nth(i).bounding_box()["y"]) for i in range(links.count())}
    assert len(tops) == 1, tops  # the whole menu on one row
    language = page.locator(".app-language:visible")  # the desktop copy (base.html)
    expect(language).to_have_count(1)
    box = language.bounding_box()
    assert box["x"] + box["width"] <= DESKTOP["width"]
    # The chosen language's name is shown whole, not cut by the select's arrow.
    assert language.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert language.evaluate(
        "el => { const c = document.createElement('canvas').getContext('2d');"
        " c.font = getComputedStyle(el).font;"
        " return c.measureText(el.selectedOptions[0].text).width + 40 <= el.clientWidth; }"
    )


def test_the_phone_menu_opens_within_the_screen(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, province["reviewer"].username)
    page.get_by_role("button", name="Mở menu").click()
    expect(page.get_by_role("link", name="Chờ thẩm định")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    expect(page.locator(".app-language:visible")).to_have_count(1)
    scroll_width, inner_width = overflow(page)
    assert scroll_width <= inner_width
