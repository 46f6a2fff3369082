"""A second valid ordinary passport for the same person is a warning the custodian confirms,
not a refusal (issue 15, item 10)."""

import datetime as dt

import pytest
from django.urls import reverse

from agencies.tests.factories import OfficialFactory
from passports.models import Passport
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("passports:create")


def data(official, **overrides):
    return {
        "official": official.pk,
        "kind": "ordinary",
        "number": "C7654321",
        "issued_on": "01/03/2025",
        "expires_on": "01/03/2035",
        "storage_location": "Tủ 2",
        **overrides,
    }


def test_a_second_ordinary_passport_is_warned_then_saved_when_confirmed(client, custodian):
    official = OfficialFactory()
    PassportFactory(official=official, kind="ordinary", number="B1234567")
    client.force_login(custodian)
    html = client.post(CREATE, data(official)).content.decode()
    assert 'id="second-ordinary"' in html and "B1234567" in html
    assert Passport.objects.filter(official=official).count() == 1  # nothing saved yet
    response = client.post(CREATE, data(official, confirm_second_ordinary="on"))
    assert response.status_code == 302
    assert Passport.objects.filter(official=official).count() == 2


def test_no_warning_for_an_expired_one_or_another_kind(client, custodian):
    official = OfficialFactory()
    PassportFactory(
        official=official,
        kind="ordinary",
        number="B1",
        issued_on=dt.date(2010, 1, 1),
        expires_on=dt.date(2020, 1, 1),
    )
    PassportFactory(official=official, kind="official", number="B2")
    client.force_login(custodian)
    assert client.post(CREATE, data(official)).status_code == 302
