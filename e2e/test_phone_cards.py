"""The substitutions page and the deciders' inbox with rows in them (issue 27, item 3): at
390 px each row is a card (the trip list's), nothing off screen, the revoke button, "Thay cho"
and "Hạn xử lý" visible; at 1366 px they stay tables."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.tests.factories import UserFactory
from authority.models import Position
from authority.substitutions import substitution_create
from e2e.test_every_page import VIEWPORTS, _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page):
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url}: {width} px wide on a {screen} px screen"


def _on_screen(page: Page, locator):
    box = locator.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_substitutions_and_the_inbox_fit_with_rows(
    page: Page, live_server, migration_data, viewport
):
    call_command("seed_demo", force_demo=True, verbosity=0)
    chairman = User.objects.get(username="lanhdao")
    # Someone without the role of their own: the inbox marks every row "thay cho".
    deputy = UserFactory(username="vanphong", first_name="Nguyễn Thị Chánh Văn Phòng Dài Tên")
    today = timezone.localdate()
    # The office chief of the Chairman's body: who may stand in for the head (TUQ.).
    Position.objects.create(
        body=Position.objects.get(holder=chairman).body,
        kind=Position.Kind.OFFICE_CHIEF,
        title="CHÁNH VĂN PHÒNG",
        holder=deputy,
        starts_on=today,
    )
    substitution_create(
        actor=chairman,
        principal=chairman,
        substitute=deputy,
        starts_on=today,
        ends_on=today + dt.timedelta(days=30),
        note="Chủ tịch đi công tác Trung ương, ủy quyền xử lý hồ sơ đi nước ngoài",
    )
    page.set_viewport_size(VIEWPORTS[viewport])
    phone = viewport == "phone"

    _sign_in(page, live_server, chairman)
    page.goto(live_server.url + "/uy-quyen/")
    row = page.locator("#substitutions tbody tr").first
    expect(row).to_contain_text("Nguyễn Thị Chánh Văn Phòng")
    _fits(page)
    _on_screen(page, row.get_by_role("button", name="Hủy"))

    page.context.clear_cookies()
    _sign_in(page, live_server, deputy)
    page.goto(live_server.url + "/ho-so/cho-toi-xu-ly/")
    row = page.locator("#chain-inbox tbody tr").first
    expect(row).to_contain_text(str(chairman))
    _fits(page)
    for label in ("Thay cho", "Hạn xử lý"):
        cell = row.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        _on_screen(page, cell)
        before = cell.evaluate("c => getComputedStyle(c, '::before').content")
        # A card names each value; the desktop table has its header instead.
        assert before == (f'"{label}"' if phone else "none")
