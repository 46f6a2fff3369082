"""The rules in force page (issue 28): every rule with its anchor, linked from the navigation
and from each live finding; the administrator changes a setting from it."""

import pytest
from django.urls import reverse

from trips.models_policy import PolicyChange
from trips.policy import rules
from trips.tests.helpers import administrator, draft_trip

pytestmark = pytest.mark.django_db
URL = reverse("trips:policy")
BASIS = "Quyết định 12/QĐ-UBND ngày 01/12/2026"


def test_everyone_signed_in_reads_every_rule(client, staff_a):
    client.force_login(staff_a)
    html = client.get(URL).content.decode()
    for code in rules.CODES:
        assert f'id="{code}"' in html
    assert "Quy định đang áp dụng" in html and f'href="{URL}"' in html  # in the navigation
    assert "Số chuyến công tác tối đa của một người trong năm: <strong>2</strong>" in html
    assert 'id="change"' not in html  # no form for staff
    assert client.post(URL, {"setting": "max_countries"}).status_code == 403
    assert client.put(URL).status_code == 405
    client.logout()
    assert client.get(URL).status_code == 302  # to the sign-in page


def test_each_live_finding_links_to_its_rule(client, staff_a):
    trip = draft_trip(staff_a, n=6)  # LARGE_DELEGATION and AGENCY_ABSENCE_SHARE
    client.force_login(staff_a)
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert f'href="{URL}#LARGE_DELEGATION"' in html
    assert f'href="{URL}#AGENCY_ABSENCE_SHARE"' in html


def test_the_administrator_changes_a_setting_from_the_page(client):
    admin = administrator()
    client.force_login(admin)
    assert 'id="change"' in client.get(URL, {"setting": "YEAR_EDGE"}).content.decode()
    data = {"setting": "YEAR_EDGE", "value": "tắt", "reason": "Thử nghiệm", "basis": BASIS}
    response = client.post(URL, data)
    assert response.status_code == 302 and response.url.endswith("#YEAR_EDGE")
    change = PolicyChange.objects.get()
    assert (change.setting, change.old_value, change.new_value, change.actor) == (
        "YEAR_EDGE",
        True,
        False,
        admin,
    )
    html = client.get(URL).content.decode()
    assert "Thử nghiệm" in html and BASIS in html
    # A wrong value: the form again, with the message, nothing saved.
    wrong = client.post(URL, {**data, "setting": "max_countries", "value": "0"})
    assert wrong.status_code == 400
    assert "Hãy nhập một số nguyên từ 1 đến 366." in wrong.content.decode()
    assert PolicyChange.objects.count() == 1


def test_the_page_is_translated(client, django_capture_on_commit_callbacks):
    """English mode: no Vietnamese text left but data (codes, the reason and basis typed)."""
    from core.tests.test_translations import _leaks
    from trips.services.policy_settings import policy_setting_change

    admin = administrator()
    with django_capture_on_commit_callbacks(execute=True):
        policy_setting_change(
            actor=admin, setting="max_countries", value=4, reason="Thử nghiệm", basis=BASIS
        )
    data = {"Thử nghiệm", BASIS, str(admin), "default", "Tiếng Việt", "English", "warn"}
    data.add("max_countries")  # a setting is named by its code, in both languages
    from django.conf import settings

    data.add(settings.ORGANISATION_NAME)
    assert _leaks(client, [(admin, URL, 200)], data) == {}
