"""Leaving the service is the agencies' (agencies.services.official_leave); trips and
passports react on core.signals.official_left, inside the same transaction."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from agencies.models import LeavingReason
from agencies.services import apply_due_leavings, official_leave
from core import signals
from core.models import Notification
from passports.models import CustodyEvent, Passport
from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db


def leave(official, actor, **kwargs):
    return official_leave(
        official=official,
        reason=LeavingReason.RETIREMENT,
        left_on=kwargs.pop("left_on", dt.date.today()),
        actor=actor,
        **kwargs,
    )


def test_the_official_leaves_and_the_apps_above_react(staff_a, administrator):
    trip = draft_trip(staff_a)
    official = trip.members.get(is_head=True).official
    left = leave(official, administrator)
    assert (left.left_on, left.leaving_reason, left.is_active) == (
        dt.date.today(),
        LeavingReason.RETIREMENT,
        False,
    )
    assert left.history.first().history_user == administrator
    # passports: the official passport awaits invalidation, the move in its custody log
    passport = official.passports.get(kind=Passport.Kind.OFFICIAL)
    assert passport.status == Passport.Status.TO_INVALIDATE
    assert passport.custody_log.get(action=CustodyEvent.Action.TO_INVALIDATE).actor == administrator
    # trips: the staff of the open request are told
    notice = Notification.objects.get(event_key=f"trip-{trip.pk}-member-{official.pk}-left")
    assert notice.recipient == staff_a


def test_a_refusal_above_undoes_the_leaving(staff_a, administrator):
    official = draft_trip(staff_a).members.get(is_head=True).official

    def refuse(sender, **kwargs):
        raise RuntimeError("refused")

    signals.official_left.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            leave(official, administrator)
    finally:
        signals.official_left.disconnect(dispatch_uid="test.refuse")
    official.refresh_from_db()
    assert official.left_on is None and official.is_active
    assert official.passports.get().status == Passport.Status.IN_CUSTODY
    assert not Notification.objects.exists()


def test_only_the_administrator_records_a_leaving(staff_a, custodian):
    official = draft_trip(staff_a).members.get(is_head=True).official
    with pytest.raises(PermissionDenied):
        leave(official, custodian)


def test_a_future_leaving_day_is_applied_once_by_the_sweep_step(staff_a, administrator):
    official = draft_trip(staff_a).members.get(is_head=True).official
    later = dt.date.today() + dt.timedelta(days=10)
    assert leave(official, administrator, left_on=later).is_active
    assert apply_due_leavings(later) == 1
    assert apply_due_leavings(later) == 0
