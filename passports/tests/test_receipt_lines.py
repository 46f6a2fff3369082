"""The hand-over record: a number, a place-and-date line, the custodian's function once
(issue 15, item 10)."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from passports.models import CustodyEvent
from passports.templatetags.receipt_tags import custodian_party, place_of
from passports.tests.test_views import passport_of
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db


def test_the_function_is_said_once():
    named = UserFactory.build(first_name="Phạm Văn Lưu Giữ", last_name="")
    assert custodian_party(named) == "Phạm Văn Lưu Giữ, cán bộ quản lý hộ chiếu"
    generic = UserFactory.build(first_name="Cán bộ quản lý hộ chiếu", last_name="")
    assert custodian_party(generic) == "Cán bộ quản lý hộ chiếu"
    assert place_of("UBND tỉnh Bình Dương") == "Bình Dương"
    assert place_of("Ủy ban nhân dân thành phố Hà Nội") == "Hà Nội"


def test_the_printed_record_has_number_place_and_date(client, staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)
    custodian = UserFactory(
        username="hochieu", first_name="Cán bộ quản lý hộ chiếu", roles=[Role.CUSTODIAN]
    )
    passport = passport_of(trip)
    client.force_login(custodian)
    client.post(
        reverse("passports:action", args=[passport.pk, "giao"]),
        {"giao-trip": trip.pk, "giao-received_by": "Nguyễn Văn Nhận", "giao-on_date": "01/06/2027"},
    )
    event = passport.custody_log.get(action=CustodyEvent.Action.HANDED_OUT)
    html = client.get(reverse("passports:receipt", args=[passport.pk, event.pk])).content.decode()
    at = timezone.localtime(event.at)
    assert f"Số: {event.pk}/{at:%Y}/BB-HC" in html
    place = place_of(settings.ORGANISATION_NAME)  # the province's setting (PROVINCE_NAME)
    assert f"{place}, ngày {at:%d} tháng {at:%m} năm {at:%Y}" in html
    giver = html[html.index("Bên giao") : html.index("Bên nhận")]
    assert giver.lower().count("cán bộ quản lý hộ chiếu") == 1
