"""Passport pages: custodians act, staff read their agency's, others 403/404; constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passports.models import CustodyEvent, Handout, Passport
from passports.tests.factories import PassportFactory
from trips.tests.factories import TripFactory
from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip(staff_a, reviewer):
    return approved_trip(staff_a, reviewer)


def passport_of(trip):
    return trip.members.get(is_head=True).official.passports.get(kind="official")


def test_custodian_hands_out_and_takes_back_in_the_browser(client, custodian, trip):
    passport = passport_of(trip)
    client.force_login(custodian)
    assert client.get(reverse("passports:detail", args=[passport.pk])).status_code == 200
    response = client.post(
        reverse("passports:action", args=[passport.pk, "giao"]),
        {"giao-trip": trip.pk, "giao-received_by": "Nguyễn Văn Nhận", "giao-on_date": "01/06/2027"},
        follow=True,
    )
    assert "Đã giao hộ chiếu." in response.content.decode()
    client.post(
        reverse("passports:action", args=[passport.pk, "nhan-lai"]),
        {"nhan-lai-on_date": "18/06/2027"},
    )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.IN_CUSTODY
    event = passport.custody_log.get(action=CustodyEvent.Action.HANDED_OUT)
    receipt = client.get(reverse("passports:receipt", args=[passport.pk, event.pk]))
    html = receipt.content.decode()
    assert (
        "BIÊN BẢN GIAO NHẬN HỘ CHIẾU" in html
        and passport.number in html
        and "Nguyễn Văn Nhận" in html
    )


def test_a_refused_hand_out_says_why(client, custodian, trip):
    passport = PassportFactory(official__agency=trip.agency)
    client.force_login(custodian)
    response = client.post(
        reverse("passports:action", args=[passport.pk, "giao"]),
        {"giao-trip": trip.pk, "giao-received_by": "A", "giao-on_date": "01/06/2027"},
        follow=True,
    )
    # Not offered: the holder is not a member of that trip.
    assert "lựa chọn hợp lệ" in response.content.decode().lower()
    assert not Handout.objects.exists()


def test_register_a_passport(client, custodian, trip):
    client.force_login(custodian)
    official = trip.members.first().official
    data = {
        "official": official.pk,
        "kind": "ordinary",
        "number": "c1234567",
        "issued_on": "05/04/2024",
        "expires_on": "05/04/2034",
        "storage_location": "Tủ 3",
    }
    response = client.post(reverse("passports:create"), data)
    passport = Passport.objects.get(number="C1234567")
    assert response.status_code == 302 and passport.issued_on == dt.date(2024, 4, 5)
    duplicate = client.post(reverse("passports:create"), data)
    assert "đã có trong sổ theo dõi" in duplicate.content.decode()


def test_staff_read_their_agency_only_and_cannot_act(client, staff_a, staff_b, trip):
    passport = passport_of(trip)
    client.force_login(staff_a)
    assert passport.number in client.get(reverse("passports:list")).content.decode()
    assert client.get(reverse("passports:detail", args=[passport.pk])).status_code == 200
    assert (
        client.post(
            reverse("passports:action", args=[passport.pk, "huy"]), {"huy-note": "x"}
        ).status_code
        == 403
    )
    assert client.get(reverse("passports:create")).status_code == 403
    assert client.get(reverse("passports:dashboard")).status_code == 403
    client.force_login(staff_b)
    assert passport.number not in client.get(reverse("passports:list")).content.decode()
    assert client.get(reverse("passports:detail", args=[passport.pk])).status_code == 404


def test_wrong_roles_and_methods(client, reviewer, custodian, trip):
    passport = passport_of(trip)
    client.force_login(reviewer)
    assert client.get(reverse("passports:list")).status_code == 403
    client.force_login(custodian)
    assert client.post(reverse("passports:list")).status_code == 405
    assert client.get(reverse("passports:action", args=[passport.pk, "giao"])).status_code == 405
    assert client.post(reverse("passports:action", args=[passport.pk, "no"])).status_code == 404
    assert client.get(reverse("passports:receipt", args=[passport.pk, 999])).status_code == 404


def test_dashboard_queries_do_not_grow(client, custodian, staff_a):
    client.force_login(custodian)
    today = dt.date.today()

    def make(n):
        for index in range(n):
            passport = PassportFactory(
                official__agency=staff_a.agency, expires_on=today + dt.timedelta(days=30 + index)
            )
            if index % 2:
                trip = TripFactory(agency=staff_a.agency, status="approved")
                Handout.objects.create(
                    passport=passport,
                    trip=trip,
                    handed_out_on=today - dt.timedelta(days=20),
                    received_by="A",
                    due_back_on=today - dt.timedelta(days=index % 3),
                )
            if index % 5 == 0:
                Passport.objects.filter(pk=passport.pk).update(
                    status="lost", lost_reported_on=today
                )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("passports:dashboard")).status_code == 200
        return len(queries)

    make(1)
    one = count()
    make(99)
    assert count() == one


def test_the_detail_page_offers_what_the_passport_workflow_allows(client, custodian, staff_a):
    from django.urls import reverse

    from passports.tests.factories import PassportFactory

    passport = PassportFactory(status="expired")
    client.force_login(custodian)
    html = client.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    assert 'id="huy"' in html and 'id="bao-mat"' in html and 'id="giao"' not in html
    assert "data-confirm=" in html
    client.post(reverse("passports:action", args=[passport.pk, "huy"]), {"huy-note": "Hỏng"})
    passport.refresh_from_db()
    assert passport.status == "cancelled"
    row = passport.custody_log.last()
    assert (row.action, row.from_status, row.to_status) == ("cancelled", "expired", "cancelled")
    html = client.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    assert "data-confirm=" not in html  # nothing left to do
