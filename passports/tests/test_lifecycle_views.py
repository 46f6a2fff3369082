"""The lifecycle pages: they work, an outsider gets 404 or 403, a wrong method 405, bad input
a Vietnamese message and nothing changed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from agencies.models import Official, Transfer
from passports.models import CustodyEvent, Passport, PassportLoss
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def day(d: dt.date) -> str:
    return d.strftime("%d/%m/%Y")


def loss_body(**changes):
    return {
        "lost_on": day(TODAY()),
        "place": "Hà Nội",
        "circumstances": "Rơi trên taxi",
        "reported_on": day(TODAY()),
        "reported_by": "in_person",
        **changes,
    }


def test_custodian_records_a_loss_and_reads_the_notice(client, custodian, committed):
    passport = PassportFactory(kind="official")
    client.force_login(custodian)
    url = reverse("passports:loss_record", args=[passport.pk])
    assert client.get(url).status_code == 200
    response = committed(client.post, url, loss_body())  # the notice's PDF follows the commit
    assert response.status_code == 302
    assert response["Location"] == reverse("passports:loss_notice", args=[passport.pk])
    notice = client.get(response["Location"])
    assert "Cục Lãnh sự – Bộ Ngoại giao" in notice.content.decode()
    # The download is the numbered PDF issued with the loss, from the outgoing register.
    issued = passport.loss.issued_documents.get()
    assert issued.kind == "loss_notice" and issued.symbol in notice.content.decode()
    download = client.get(response["Location"], {"tai-ve": "1"}, follow=True)
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["Content-Type"] == "application/pdf"
    # The detail page links to the notice once the passport is lost.
    detail = client.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    assert reverse("passports:loss_notice", args=[passport.pk]) in detail


def test_a_bad_loss_says_why_and_changes_nothing(client, custodian):
    passport = PassportFactory()
    client.force_login(custodian)
    tomorrow = day(TODAY() + dt.timedelta(days=1))
    response = client.post(
        reverse("passports:loss_record", args=[passport.pk]),
        loss_body(lost_on=tomorrow, reported_on=tomorrow),
    )
    assert response.status_code == 200
    assert "Ngày báo không được sau hôm nay." in response.content.decode()
    passport.refresh_from_db()
    assert passport.status == Passport.Status.IN_CUSTODY and not PassportLoss.objects.exists()


def test_a_second_loss_of_the_same_passport_is_refused_with_a_message(client, custodian):
    passport = PassportFactory()
    client.force_login(custodian)
    url = reverse("passports:loss_record", args=[passport.pk])
    client.post(url, loss_body())
    again = client.post(url, loss_body())
    assert again.status_code == 200
    assert PassportLoss.objects.count() == 1
    assert passport.custody_log.filter(action=CustodyEvent.Action.REPORTED_LOST).count() == 1


def test_roles_and_methods(client, staff_a, reviewer, custodian, outsider):
    passport = PassportFactory()
    url = reverse("passports:loss_record", args=[passport.pk])
    for user in (staff_a, reviewer, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert (
            client.get(reverse("passports:transfer", args=[passport.official.pk])).status_code
            == 403
        )
    client.force_login(custodian)
    assert client.get(reverse("passports:loss_notice", args=[passport.pk])).status_code == 404
    assert client.put(url).status_code == 405
    assert client.post(reverse("passports:loss_notice", args=[passport.pk])).status_code == 405
    assert client.get(reverse("passports:transfer", args=[passport.official.pk])).status_code == 403
    assert client.get(reverse("passports:loss_record", args=[999999])).status_code == 404


def test_administrator_transfers_and_records_leaving_in_the_browser(
    client, administrator, agency_a, agency_b, custodian
):
    passport = PassportFactory(official__agency=agency_a, kind="official")
    official = passport.official
    client.force_login(administrator)
    url = reverse("passports:transfer", args=[official.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"to_agency": agency_a.pk, "effective_on": day(TODAY())})
    assert "Cán bộ đã thuộc cơ quan này." in bad.content.decode()
    assert not Transfer.objects.exists()
    done = client.post(url, {"to_agency": agency_b.pk, "effective_on": day(TODAY())})
    assert done.status_code == 302
    assert Official.objects.get(pk=official.pk).agency == agency_b
    assert official.history.first().history_user == administrator
    event = passport.custody_log.get(action=CustodyEvent.Action.TRANSFERRED)
    handover = client.get(reverse("passports:transfer_handover", args=[passport.pk, event.pk]))
    assert "BIÊN BẢN BÀN GIAO HỘ CHIẾU" in handover.content.decode()
    assert agency_b.name in handover.content.decode()

    leave = client.post(
        reverse("passports:leave", args=[official.pk]),
        {"reason": "retirement", "left_on": day(TODAY())},
    )
    assert leave.status_code == 302
    passport.refresh_from_db()
    assert passport.status == Passport.Status.TO_INVALIDATE

    client.force_login(custodian)
    letter = client.post(
        reverse("passports:invalidation", args=[passport.pk]),
        {"number": "45/CV-SNV", "dated": day(TODAY()), "addressed_to": "Cục Lãnh sự"},
    )
    assert letter.status_code == 302
    passport.refresh_from_db()
    assert passport.status == Passport.Status.INVALIDATED


@pytest.mark.parametrize("status", [Passport.Status.CANCELLED, Passport.Status.TO_INVALIDATE])
def test_a_loss_the_table_refuses_is_a_message_not_a_500(client, custodian, status):
    """The service raises CustodyError (a ServiceError), which the page used to miss."""
    passport = PassportFactory(kind="official", status=status)
    client.force_login(custodian)
    response = client.post(reverse("passports:loss_record", args=[passport.pk]), loss_body())
    assert response.status_code == 200
    assert "không thể chuyển sang" in response.content.decode()
    passport.refresh_from_db()
    assert passport.status == status and not PassportLoss.objects.exists()


@pytest.mark.parametrize(
    ("status", "links"),
    [
        (Passport.Status.IN_CUSTODY, ["record-loss"]),
        (Passport.Status.HANDED_OUT, ["record-loss"]),
        (Passport.Status.LOST, ["loss-notice-link"]),
        (Passport.Status.TO_INVALIDATE, ["invalidated"]),
        (Passport.Status.CANCELLED, []),
        (Passport.Status.INVALIDATED, []),
    ],
)
def test_the_lifecycle_links_are_the_tables_offer(client, custodian, staff_a, status, links):
    passport = PassportFactory(kind="official", status=status, official__agency=staff_a.agency)
    client.force_login(custodian)
    html = client.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    for name in ("record-loss", "loss-notice-link", "invalidated"):
        assert (f'id="{name}"' in html) == (name in links), name
    client.force_login(staff_a)  # reads the passport, offered nothing
    html = client.get(reverse("passports:detail", args=[passport.pk])).content.decode()
    assert not any(f'id="{name}"' in html for name in links)


def test_a_passport_back_after_its_holder_left_is_marked_to_invalidate(client, custodian, staff_a):
    """passport_mark_to_invalidate, wired: offered only for a departed holder's official
    passport, refused to the agency's staff."""
    passport = PassportFactory(kind="official", official__agency=staff_a.agency)
    url = reverse("passports:action", args=[passport.pk, "cho-huy-gia-tri"])
    detail = reverse("passports:detail", args=[passport.pk])
    client.force_login(custodian)
    assert 'id="cho-huy-gia-tri"' not in client.get(detail).content.decode()
    Official.objects.filter(pk=passport.official_id).update(left_on=TODAY(), is_active=False)
    assert 'id="cho-huy-gia-tri"' in client.get(detail).content.decode()
    client.force_login(staff_a)
    assert client.post(url).status_code == 403
    client.force_login(custodian)
    assert client.post(url).status_code == 302
    passport.refresh_from_db()
    assert passport.status == Passport.Status.TO_INVALIDATE
    assert passport.custody_log.filter(action=CustodyEvent.Action.TO_INVALIDATE).count() == 1
