"""The queue's member filter: the official is found by typing (the page does not carry the
province's officials), and the queue is filtered by them."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import pick, province, sign_in  # noqa: F401 (a fixture)
from trips.models import TripRequest
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reviewer_filters_the_queue_by_a_member_found_by_typing(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    people = province["people"]
    for index, title in [(3, "Đoàn có cán bộ 03"), (5, "Đoàn có cán bộ 05")]:
        TripFactory(
            agency=province["agency"],
            title=title,
            status=TripRequest.Status.SUBMITTED,
            submitted_at=timezone.now(),
            departure_date=dt.date(2027, 6, 7),
            members=[people[index]],
        )
    sign_in(page, live_server, "thamdinh")
    page.goto(f"{live_server.url}/ho-so/tham-dinh/")
    expect(page.locator("#id_member option")).to_have_count(1)  # only the empty choice
    pick(page, "id_member", "Cán Bộ 03")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Đoàn có cán bộ 03")).to_be_visible()
    expect(page.get_by_text("Đoàn có cán bộ 05")).to_have_count(0)
