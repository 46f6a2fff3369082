"""Passport alerts of the daily sweep are sent once each."""

import datetime as dt

import pytest
from django.core import mail

from passports import alerts, services
from passports.models import Passport
from passports.tests.factories import PassportFactory
from trips.tests.helpers import approved_trip

D = dt.date
pytestmark = pytest.mark.usefixtures("eager_tasks")


def run(alert, day, capture):
    with capture(execute=True):
        return alert(day)


def test_overdue_hand_back_alert_goes_once_to_custodians_and_the_agency(
    staff_a, reviewer, custodian, django_capture_on_commit_callbacks
):
    trip = approved_trip(staff_a, reviewer)
    passport = trip.members.get(is_head=True).official.passports.get(kind="official")
    services.passport_hand_out(
        passport=passport, actor=custodian, trip=trip, received_by="A", on_date=D(2027, 6, 1)
    )
    assert run(alerts.overdue_handbacks, D(2027, 6, 18), django_capture_on_commit_callbacks) == 0
    assert run(alerts.overdue_handbacks, D(2027, 6, 21), django_capture_on_commit_callbacks) == 2
    assert run(alerts.overdue_handbacks, D(2027, 6, 22), django_capture_on_commit_callbacks) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([custodian.email, staff_a.email])


def test_expiring_passport_alert_goes_once(staff_a, django_capture_on_commit_callbacks):
    PassportFactory(official__agency=staff_a.agency, expires_on=D(2027, 5, 1))
    assert run(alerts.expiring_passports, D(2026, 12, 1), django_capture_on_commit_callbacks) == 1
    assert run(alerts.expiring_passports, D(2026, 12, 2), django_capture_on_commit_callbacks) == 0
    assert "sẽ hết hạn ngày 01/05/2027" in mail.outbox[0].subject


def test_not_ready_alert_ten_working_days_before_departure(
    staff_a, reviewer, custodian, django_capture_on_commit_callbacks
):
    trip = approved_trip(staff_a, reviewer)  # departs Monday 7/6/2027
    member = trip.members.exclude(is_head=True).get().official
    Passport.objects.filter(official=member).update(status=Passport.Status.LOST)
    # 10 working days before 7/6 is 24/5: on 21/5 the trip is still further away.
    assert run(alerts.passports_not_ready, D(2027, 5, 21), django_capture_on_commit_callbacks) == 0
    assert run(alerts.passports_not_ready, D(2027, 5, 24), django_capture_on_commit_callbacks) == 2
    assert run(alerts.passports_not_ready, D(2027, 5, 25), django_capture_on_commit_callbacks) == 0
    assert member.full_name in mail.outbox[0].subject


@pytest.mark.parametrize(("other_return", "alerted"), [(D(2027, 5, 31), True), (D(2027, 5, 28), False)])  # fmt: skip
def test_a_passport_out_for_another_trip_is_ready_only_if_due_back_before_departure(
    staff_a, reviewer, custodian, django_capture_on_commit_callbacks, other_return, alerted
):
    """Back from a trip on 31/5 the passport is due 7/6, the departure day: not ready.
    Back on 28/5 it is due 4/6: ready."""
    trip = approved_trip(staff_a, reviewer)  # departs Monday 7/6/2027
    head = trip.members.get(is_head=True).official
    earlier = approved_trip(
        staff_a, reviewer, departure_date=D(2027, 5, 24), return_date=other_return
    )
    earlier.members.filter(is_head=True).update(official=head)
    passport = head.passports.get(kind="official")
    services.passport_hand_out(
        passport=passport, actor=custodian, trip=earlier, received_by="A", on_date=D(2027, 5, 20)
    )
    sent = run(alerts.passports_not_ready, D(2027, 5, 24), django_capture_on_commit_callbacks)
    assert bool(sent) is alerted
    if alerted:
        assert head.full_name in mail.outbox[0].subject
