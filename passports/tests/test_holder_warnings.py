"""Holder warnings: told once, to the holder's login, else their email, else their agency."""

import datetime as dt

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from core.models import Notification
from passports.holder_warnings import send_holder_warnings
from passports.models import HolderWarning
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


def test_a_holder_with_a_login_is_told_once(django_capture_on_commit_callbacks):
    holder = UserFactory(username="holder", email="holder@example.vn")
    passport = PassportFactory(expires_on=dt.date(2027, 3, 1))
    passport.official.user = holder
    passport.official.save()
    PassportFactory(expires_on=dt.date(2028, 3, 1))  # more than 6 months left: nothing
    with django_capture_on_commit_callbacks():
        assert send_holder_warnings(TODAY) == 1
        assert send_holder_warnings(TODAY) == 0  # run twice: nothing more
    notice = Notification.objects.get(recipient=holder)
    assert "01/03/2027" in notice.body
    assert HolderWarning.objects.get().channel == f"user:{holder.pk}"


@pytest.mark.usefixtures("eager_tasks")  # the email is sent in-process, broker or not
def test_a_holder_without_a_login_gets_the_email_once(django_capture_on_commit_callbacks):
    passport = PassportFactory(expires_on=dt.date(2027, 1, 15))
    passport.official.email = "a@example.vn"
    passport.official.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_holder_warnings(TODAY) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_holder_warnings(TODAY) == 0
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]
    # No in-app notice (nobody signs in), but the core's email row: claimed, sent, retried.
    notice = Notification.objects.get()
    assert notice.recipient is None and notice.address == "a@example.vn"
    assert notice.emailed_at is not None


def test_a_failed_email_to_a_holder_without_a_login_is_sent_again(settings, monkeypatch):
    """It used to be send_mail(fail_silently=True) after commit: a lost email, never retried."""
    from core import tasks

    passport = PassportFactory(expires_on=dt.date(2027, 1, 15))
    passport.official.email = "a@example.vn"
    passport.official.save()
    monkeypatch.setattr(tasks, "send_mail", lambda **kwargs: (_ for _ in ()).throw(OSError()))
    assert send_holder_warnings(TODAY) == 1
    notice = Notification.objects.get()
    with pytest.raises(OSError):
        tasks.send_notification_email.run(notice.pk)
    notice.refresh_from_db()
    assert notice.emailed_at is None and notice.email_claimed_at is None
    assert notice.pk in tasks.unsent_notification_ids(now=notice.created_at + dt.timedelta(hours=1))
    monkeypatch.undo()
    assert tasks.send_notification_email.run(notice.pk) is True
    assert [m.to for m in mail.outbox] == [["a@example.vn"]]


def test_an_overdue_hand_back_tells_the_agency_staff_of_a_holder_with_neither(staff_a, custodian):
    from passports import services
    from trips.tests.helpers import approved_trip

    trip = approved_trip(staff_a, UserFactory(roles=["reviewer"]))
    passport = trip.members.get(is_head=True).official.passports.get()
    handout = services.passport_hand_out(
        passport=passport, actor=custodian, trip=trip, received_by="A", on_date=dt.date(2027, 6, 1)
    )
    later = handout.due_back_on + dt.timedelta(days=1)
    assert send_holder_warnings(later) == 1
    assert send_holder_warnings(later) == 0
    warning = HolderWarning.objects.get(kind=HolderWarning.Kind.OVERDUE)
    assert warning.channel == f"agency:{staff_a.agency_id}"
    assert (
        Notification.objects.filter(
            recipient=staff_a, event_key__startswith="holder-overdue"
        ).count()
        == 1
    )
