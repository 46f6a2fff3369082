"""The daily pages on a phone (390×844), on the demo data: the staff's home and trip list, a
request with its approval chain and documents, and the reviewer's inbox of reports. Each fits
the screen's width; `UPDATE_SCREENSHOTS=1` refreshes the README's pictures of them."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from playwright.sync_api import Page, expect

from accounts.roles import Role
from e2e.test_every_page import _sign_in
from trips.models import TripRequest

pytestmark = pytest.mark.django_db(transaction=True)
PHONE = {"width": 390, "height": 844}


def _login_of(role, **having):
    users = get_user_model().objects.filter(groups__name=role, is_active=True)
    users = users.exclude(password__startswith="!").order_by("pk")
    return users.filter(**having).first() or users.first()


def _fits(page: Page):
    width, screen = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= screen, f"{page.url}: {width} px wide on a {screen} px phone"


def test_the_daily_pages_fit_a_phone(page: Page, live_server, migration_data, screenshot):
    call_command("seed_demo", force_demo=True, verbosity=0)
    page.set_viewport_size(PHONE)
    origin = live_server.url

    # The staff of an agency with a returned request: a home page with work to show.
    returned = TripRequest.Status.RETURNED
    _sign_in(page, live_server, _login_of(Role.AGENCY_STAFF.value, agency__trips__status=returned))
    page.goto(origin + "/")
    expect(page.get_by_role("heading", name="Xin chào", exact=False)).to_be_visible()
    _fits(page)
    screenshot("phone-home-staff")
    page.goto(origin + "/ho-so/")
    expect(page.get_by_role("heading", name="Hồ sơ đi nước ngoài")).to_be_visible()
    _fits(page)
    # One card per trip: each value on its own line after its column's name.
    label = page.evaluate(
        "getComputedStyle(document.querySelector('.app-stack td[data-label]'), '::before').content"
    )
    assert label == '"Cơ quan"'
    screenshot("phone-trip-list")

    page.context.clear_cookies()
    _sign_in(page, live_server, _login_of(Role.REVIEWER.value))
    # The longest chain among the requests with issued documents (appraisal, then decision).
    with_chain = TripRequest.objects.annotate(steps=Count("chain_steps", distinct=True))
    with_chain = with_chain.filter(steps__gt=0).order_by("-steps", "pk")
    trip = with_chain.filter(issued_documents__isnull=False).first() or with_chain.first()
    assert trip, "the demo seed has no request on the approval chain"
    page.goto(f"{origin}/ho-so/{trip.pk}/")
    expect(page.locator("#trip-status")).to_be_visible()
    _fits(page)
    screenshot("phone-trip-chain-documents")
    page.goto(origin + "/bao-cao/cho-tiep-nhan/")
    expect(page.get_by_role("heading", name="Báo cáo chờ tiếp nhận")).to_be_visible()
    _fits(page)
    screenshot("phone-reviewer-inbox")
