"""Transfer, leaving, invalidation and loss (issue 16): services, their log rows and history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from agencies import services as agency_services
from agencies.models import LeavingReason, Official
from agencies.services import apply_due_leavings, official_leave
from analytics.losses import losses_per_year
from analytics.statistics import agency_figures
from core.models import Notification
from passports import fitness, lifecycle
from passports.exceptions import CustodyStatusError
from passports.models import CustodyEvent, Passport
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.selectors import officials_usable_by
from trips.tests.helpers import draft_trip, past_trip, submitted_trip

TODAY = timezone.localdate


def test_transfer_moves_the_official_flags_open_requests_and_hands_over_passports(
    staff_a, staff_b, agency_b, administrator
):
    trip = submitted_trip(staff_a)
    official = trip.members.get(is_head=True).official
    passport = official.passports.get()
    transfer = agency_services.official_transfer(
        official=official, to_agency=agency_b, effective_on=TODAY(), actor=administrator
    )
    official.refresh_from_db()
    assert official.agency == agency_b
    assert transfer.from_agency == staff_a.agency
    event = passport.custody_log.get(action=CustodyEvent.Action.TRANSFERRED)
    assert event.counterpart == agency_b.name and event.actor == administrator
    flagged = Notification.objects.filter(
        event_key=f"trip-{trip.pk}-member-{official.pk}-transferred"
    )
    assert dict(flagged.values_list("recipient__username", "url")) == {
        "staff_a": f"/ho-so/{trip.pk}/",
        "staff_b": "",  # another agency's request: 404 for them, so no link
    }
    assert official.history.first().history_user == administrator


def test_statistics_keep_a_past_trip_with_the_old_agency(agency_a, agency_b, administrator):
    trip = past_trip(agency_a)
    official = trip.members.first().official
    agency_services.official_transfer(
        official=official, to_agency=agency_b, effective_on=TODAY(), actor=administrator
    )
    figures = agency_figures(TripRequest.objects.filter(pk=trip.pk))
    assert [(f.agency_id, f.people_sent) for f in figures] == [(agency_a.pk, 2)]


def test_transfer_is_refused_to_non_administrators_and_in_the_future(
    staff_a, agency_b, custodian, administrator
):
    official = draft_trip(staff_a).members.first().official
    with pytest.raises(PermissionDenied):
        agency_services.official_transfer(
            official=official, to_agency=agency_b, effective_on=TODAY(), actor=custodian
        )
    with pytest.raises(ValidationError):
        agency_services.official_transfer(
            official=official,
            to_agency=agency_b,
            effective_on=TODAY() + dt.timedelta(days=3),
            actor=administrator,
        )
    official.refresh_from_db()
    assert official.agency == staff_a.agency


def test_leaving_blocks_new_requests_and_marks_official_passports_to_invalidate(
    staff_a, administrator, custodian
):
    trip = draft_trip(staff_a)
    official = trip.members.get(is_head=True).official
    ordinary = PassportFactory(official=official, kind=Passport.Kind.ORDINARY)
    official_leave(
        official=official, reason=LeavingReason.RETIREMENT, left_on=TODAY(), actor=administrator
    )
    official.refresh_from_db()
    assert official.is_active is False
    assert official not in officials_usable_by(staff_a)
    official_passport = official.passports.get(kind=Passport.Kind.OFFICIAL)
    official_passport.refresh_from_db()
    ordinary.refresh_from_db()
    assert official_passport.status == Passport.Status.TO_INVALIDATE
    assert ordinary.status == Passport.Status.IN_CUSTODY
    assert Notification.objects.filter(
        event_key=f"trip-{trip.pk}-member-{official.pk}-left"
    ).exists()
    assert Passport.Status.TO_INVALIDATE in fitness.NEVER_READY

    letter = lifecycle.passport_record_invalidation(
        passport=official_passport,
        actor=custodian,
        number="12/CV-SNV",
        dated=TODAY(),
        addressed_to="Cục Lãnh sự – Bộ Ngoại giao",
    )
    official_passport.refresh_from_db()
    assert official_passport.status == Passport.Status.INVALIDATED
    assert letter.recorded_by == custodian
    assert list(official_passport.custody_log.values_list("action", flat=True))[-2:] == [
        CustodyEvent.Action.TO_INVALIDATE,
        CustodyEvent.Action.INVALIDATED,
    ]
    with pytest.raises(CustodyStatusError):  # recorded once
        lifecycle.passport_record_invalidation(
            passport=official_passport,
            actor=custodian,
            number="13",
            dated=TODAY(),
            addressed_to="X",
        )


def test_a_future_leaving_day_takes_effect_by_the_sweep(staff_a, administrator):
    official = draft_trip(staff_a).members.first().official
    later = TODAY() + dt.timedelta(days=10)
    official_leave(
        official=official, reason=LeavingReason.RESIGNATION, left_on=later, actor=administrator
    )
    assert official in officials_usable_by(staff_a)
    assert apply_due_leavings(later) == 1
    assert apply_due_leavings(later) == 0
    assert Official.objects.get(pk=official.pk).is_active is False


def test_a_draft_with_a_departed_member_cannot_be_saved_again(staff_a, administrator):
    from trips import services
    from trips.policy.facts import MemberData

    trip = draft_trip(staff_a)
    official = trip.members.first().official
    official_leave(
        official=official, reason=LeavingReason.DISMISSAL, left_on=TODAY(), actor=administrator
    )
    members = [MemberData(m.official_id, m.is_head) for m in trip.members.all()]
    with pytest.raises(ValidationError) as refused:
        services.validate_members(kind=trip.kind, agency_id=trip.agency_id, members=members)
    assert "đang công tác" in str(refused.value)


def test_loss_marks_the_passport_lost_not_ready_and_counted(staff_a, custodian):
    official = draft_trip(staff_a).members.first().official
    passport = official.passports.get()
    loss = lifecycle.passport_record_loss(
        passport=passport,
        actor=custodian,
        lost_on=TODAY() - dt.timedelta(days=2),
        place="Sân bay Narita",
        circumstances="Bị mất cắp hành lý xách tay",
        reported_on=TODAY(),
        reported_by="written",
    )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.LOST and loss.recorded_by == custodian
    assert passport.custody_log.filter(action=CustodyEvent.Action.REPORTED_LOST).count() == 1
    assert not fitness.is_held(passport, today=TODAY())
    assert losses_per_year([TODAY().year]) == {TODAY().year: 1}


def test_a_loss_reported_before_it_happened_changes_nothing(staff_a, custodian):
    passport = draft_trip(staff_a).members.first().official.passports.get()
    with pytest.raises(ValidationError):
        lifecycle.passport_record_loss(
            passport=passport,
            actor=custodian,
            lost_on=TODAY(),
            place="Hà Nội",
            circumstances="Không rõ",
            reported_on=TODAY() - dt.timedelta(days=1),
            reported_by="phone",
        )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.IN_CUSTODY
    assert not passport.custody_log.exists()


def test_a_lost_or_to_be_invalidated_passport_is_not_ready_for_a_request(
    staff_a, custodian, administrator
):
    from trips.services import findings_of

    trip = draft_trip(staff_a)
    lost_holder, leaving_holder = (m.official for m in trip.members.order_by("official_id"))
    assert "PASSPORT_NOT_READY" not in {f.code for f in findings_of(trip)}
    lifecycle.passport_record_loss(
        passport=lost_holder.passports.get(),
        actor=custodian,
        lost_on=TODAY(),
        place="Hà Nội",
        circumstances="Không rõ",
        reported_on=TODAY(),
        reported_by="phone",
    )
    official_leave(
        official=leaving_holder,
        reason=LeavingReason.RESIGNATION,
        left_on=TODAY() + dt.timedelta(days=400),
        actor=administrator,
    )
    passport = leaving_holder.passports.get()
    passport.status = Passport.Status.TO_INVALIDATE  # as if the day had come
    passport.save()
    not_ready = [f for f in findings_of(trip) if f.code == "PASSPORT_NOT_READY"]
    assert not_ready, "a lost passport must make the request's passport check fail"
    named = " ".join(str(f.message) for f in not_ready)
    assert lost_holder.full_name in named and leaving_holder.full_name in named


def test_a_passport_out_when_its_holder_left_is_marked_once_back(staff_a, administrator, custodian):
    official = draft_trip(staff_a).members.first().official
    passport = official.passports.get()
    passport.status = Passport.Status.HANDED_OUT  # out on the day they left
    passport.save()
    official_leave(
        official=official, reason=LeavingReason.RETIREMENT, left_on=TODAY(), actor=administrator
    )
    passport.refresh_from_db()
    assert passport.status == Passport.Status.HANDED_OUT  # out: not marked yet
    with pytest.raises(CustodyStatusError):
        lifecycle.passport_mark_to_invalidate(passport=passport, actor=custodian)
    passport.status = Passport.Status.IN_CUSTODY  # taken back
    passport.save()
    lifecycle.passport_mark_to_invalidate(passport=passport, actor=custodian)
    passport.refresh_from_db()
    assert passport.status == Passport.Status.TO_INVALIDATE
    marked = passport.custody_log.get(action=CustodyEvent.Action.TO_INVALIDATE)
    assert (marked.actor, marked.from_status) == (custodian, Passport.Status.IN_CUSTODY)
