"""Each role's home leads to its work (issue 27, item 1), on the demo data, at desk and phone
width: the decider's steps waiting (with deadlines), the custodian's hand-outs opening the
hand-out form with the trip chosen, the staff's approved trips with their decision."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from agencies.models import Agency
from agencies.tests.factories import OfficialFactory
from e2e.test_every_page import VIEWPORTS, _sign_in
from passports.tests.factories import PassportFactory
from trips.models import TripMember, TripRequest
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _fits(page: Page):
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url}: {width} px wide on a {screen} px screen"


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_each_home_leads_to_the_work(page: Page, live_server, migration_data, viewport):
    call_command("seed_demo", force_demo=True, verbosity=0)
    page.set_viewport_size(VIEWPORTS[viewport])
    origin = live_server.url

    _sign_in(page, live_server, User.objects.get(username="lanhdao"))
    page.goto(origin + "/")
    expect(page.get_by_text("chưa được phân vai trò")).to_have_count(0)
    step = page.get_by_test_id("waiting-step").first
    expect(step).to_contain_text("Hạn xử lý")
    _fits(page)
    step.click()
    expect(page.locator("#trip-status")).to_be_visible()

    # A member leaving in five days whose passport is in custody: a hand-out to make.
    agency = Agency.objects.order_by("pk").first()
    leaving = TripFactory(
        agency=agency,
        status=TripRequest.Status.APPROVED,
        departure_date=timezone.localdate() + dt.timedelta(days=5),
        return_date=timezone.localdate() + dt.timedelta(days=8),
    )
    member = TripMember.objects.create(trip=leaving, official=OfficialFactory(agency=agency))
    PassportFactory(official=member.official, number="C9927027")
    page.context.clear_cookies()
    _sign_in(page, live_server, User.objects.get(username="hochieu"))
    page.goto(origin + "/")
    _fits(page)
    page.locator("section[aria-labelledby=handouts-due] a[href*='#giao-form']").first.click()
    form = page.locator("#giao-form")
    expect(form).to_be_visible()
    # The trip the home row named is already chosen in the hand-out form.
    assert form.locator("select[name='giao-trip']").input_value() != ""

    page.context.clear_cookies()
    _sign_in(page, live_server, User.objects.get(username="canbo.ngoaivu"))
    page.goto(origin + "/")
    expect(page.get_by_test_id("decided-trip").first).to_be_visible()
    _fits(page)
