"""The admin's user form in Vietnamese (issue 27, item 9), at desk and phone width: roles are
checkboxes named by their labels, the permissions' two-list picker speaks Vietnamese, and no
"Can add …" is left."""

import pytest
from playwright.sync_api import Page, expect

from accounts.tests.factories import UserFactory
from e2e.test_every_page import VIEWPORTS, _sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_user_form_speaks_vietnamese(page: Page, live_server, migration_data, viewport):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    page.set_viewport_size(VIEWPORTS[viewport])
    _sign_in(page, live_server, root)
    page.goto(f"{live_server.url}/admin/accounts/user/{root.pk}/change/")
    expect(page.get_by_label("Cán bộ quản lý hộ chiếu")).to_be_visible()
    expect(page.locator("#id_user_permissions_add_all")).to_contain_text("Chọn tất cả")
    body = page.locator("body").inner_text()
    for english in ("Choose all", "Remove all", "Can add", "agency_staff"):
        assert english not in body, english
