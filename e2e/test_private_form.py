"""A new request switched to a private trip hides the business-only fields at once, and two
people on it are flagged before saving (issue 15, item 7)."""

import pytest
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import pick, province, sign_in  # noqa: F401 (a fixture)
from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db(transaction=True)


def test_private_kind_hides_business_fields_and_flags_two_people(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/tao-moi/")
    inviter = page.get_by_label("Cơ quan, tổ chức mời")
    expect(inviter).to_be_visible()
    page.select_option("#id_kind", "private")
    expect(inviter).to_be_hidden()
    expect(page.locator("#id_organiser_type")).to_be_hidden()
    expect(page.locator("#id_head")).to_be_hidden()
    people = province["people"]
    pick(page, "id_members", people[1].full_name)
    notice = page.locator("#private-one-person")
    expect(notice).to_be_hidden()
    pick(page, "id_members", people[2].full_name)
    expect(notice).to_have_text("Hồ sơ đi việc riêng chỉ gồm một người.")
    page.select_option("#id_kind", "business")
    expect(inviter).to_be_visible()
    expect(notice).to_be_hidden()


def test_a_private_request_page_shows_no_business_details(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    trip = draft_trip(
        province["staff"], n=1, kind="private", title="Nghỉ phép thăm thân", estimated_cost_vnd=0
    )
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ho-so/{trip.pk}/")
    expect(page.get_by_role("heading", name="Nghỉ phép thăm thân")).to_be_visible()
    expect(page.get_by_text("0 đ", exact=True)).to_have_count(0)
    expect(page.get_by_text("Trưởng đoàn", exact=True)).to_have_count(0)
    expect(page.get_by_text("Cơ quan, tổ chức mời")).to_have_count(0)
