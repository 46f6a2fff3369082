"""The passport register in the admin goes through the custody services: logged twice over."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from core.tests.admin_forms import inline_data, model_data
from passports.models import CustodyEvent, Passport
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def passport_body(passport, **changes):
    body = model_data(passport) | changes
    return body | inline_data(
        "custody_log", passport, list(passport.custody_log.all()), fk_name="passport"
    )


def test_a_register_correction_in_the_admin_is_logged_with_before_and_after(client, superuser):
    passport = PassportFactory(expires_on=dt.date(2032, 1, 1))
    client.force_login(superuser)

    response = client.post(
        reverse("admin:passports_passport_change", args=[passport.pk]),
        passport_body(passport, expires_on="01/01/2027", status="lost"),
    )

    assert response.status_code == 302
    passport.refresh_from_db()
    assert passport.expires_on == dt.date(2027, 1, 1)
    assert passport.status == Passport.Status.IN_CUSTODY  # never a form field
    event = passport.custody_log.get()
    assert (event.action, event.actor) == (CustodyEvent.Action.EDITED, superuser)
    assert "2032-01-01 → 2027-01-01" in event.note
    entry = LogEntry.objects.get(object_id=str(passport.pk))
    assert '"rules": true' in entry.change_message
    history = reverse("admin:passports_passport_history", args=[passport.pk])
    assert "Ngày hết hạn: 01/01/2032 → 01/01/2027" in client.get(history).content.decode()


def test_a_passport_registered_in_the_admin_gets_its_custody_log(client, superuser):
    official = OfficialFactory()
    client.force_login(superuser)
    body = {
        "official": official.pk,
        "kind": "official",
        "number": "B1234567",
        "issued_on": "01/02/2024",
        "expires_on": "01/02/2029",
        "storage_location": "Tủ 2",
    } | inline_data("custody_log", Passport(), [], fk_name="passport")

    response = client.post(reverse("admin:passports_passport_add"), body)

    assert response.status_code == 302
    passport = Passport.objects.get(number="B1234567")
    assert list(passport.custody_log.values_list("action", flat=True)) == ["registered"]
    entry = LogEntry.objects.get(object_id=str(passport.pk))
    assert "Số hộ chiếu" in entry.change_message


def test_passports_and_their_log_are_never_deleted_in_the_admin(client, superuser):
    passport = PassportFactory()
    client.force_login(superuser)

    url = reverse("admin:passports_passport_delete", args=[passport.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Passport.objects.filter(pk=passport.pk).exists()
