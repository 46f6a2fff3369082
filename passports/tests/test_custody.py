"""Hand-out and hand-back: only for an approved trip the passport fits; every movement logged."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from core.history import AppendOnlyError
from core.tests.threads import run_at_once
from passports import services
from passports.exceptions import CustodyError
from passports.models import CustodyEvent, Handout, Passport
from passports.tests.factories import PassportFactory
from trips.models import TripRequest
from trips.tests.helpers import approved_trip, submitted_trip

D = dt.date


@pytest.fixture
def trip(staff_a, reviewer):
    """Approved business trip 7–11/6/2027; its members hold official passports."""
    return approved_trip(staff_a, reviewer)


def holder_passport(trip, **kwargs):
    member = trip.members.get(is_head=True).official
    return member.passports.get(kind=kwargs.pop("kind", "official"))


def test_hand_out_and_back_writes_one_log_row_per_movement(trip, custodian):
    passport = holder_passport(trip)
    handout = services.passport_hand_out(
        passport=passport,
        actor=custodian,
        trip=trip,
        received_by="Nguyễn Văn A",
        on_date=D(2027, 6, 1),
    )
    assert handout.due_back_on == D(2027, 6, 18)  # 11/6 (Fri) + 5 working days
    passport.refresh_from_db()
    assert passport.status == Passport.Status.HANDED_OUT
    services.passport_take_back(passport=passport, actor=custodian, on_date=D(2027, 6, 18))
    passport.refresh_from_db()
    assert passport.status == Passport.Status.IN_CUSTODY
    assert list(passport.custody_log.values_list("action", "is_late")) == [
        (CustodyEvent.Action.HANDED_OUT, False),
        (CustodyEvent.Action.RETURNED, False),
    ]


def test_a_late_hand_back_is_marked_late(trip, custodian):
    passport = holder_passport(trip)
    services.passport_hand_out(
        passport=passport, actor=custodian, trip=trip, received_by="A", on_date=D(2027, 6, 1)
    )
    handout = services.passport_take_back(
        passport=passport, actor=custodian, on_date=D(2027, 6, 21)
    )
    assert handout.returned_late is True
    assert passport.custody_log.last().is_late is True


@pytest.mark.parametrize(
    ("returned", "due"),
    [
        (D(2026, 4, 24), D(2026, 5, 6)),  # Hùng Kings' day, 30/4 and 1/5 in between
        (D(2026, 2, 13), D(2026, 2, 27)),  # Tết 16–20/2
        (D(2026, 8, 28), D(2026, 9, 9)),  # 31/8, 1/9, 2/9 off
    ],
)
def test_hand_back_deadlines_across_holidays(db, returned, due):
    assert services.hand_back_deadline(TripRequest(return_date=returned)) == due


def test_hand_out_is_refused_for_a_trip_not_approved(staff_a, custodian):
    pending = submitted_trip(staff_a)
    with pytest.raises(CustodyError, match="đã được phê duyệt"):
        services.passport_hand_out(
            passport=holder_passport(pending), actor=custodian, trip=pending, received_by="A"
        )


def test_hand_out_is_refused_for_a_non_member(trip, custodian):
    stranger = PassportFactory(official__agency=trip.agency)
    with pytest.raises(CustodyError, match="không phải thành viên"):
        services.passport_hand_out(passport=stranger, actor=custodian, trip=trip, received_by="A")


def test_hand_out_is_refused_for_a_wrong_kind_or_a_passport_expiring_too_soon(trip, custodian):
    member = trip.members.get(is_head=True).official
    ordinary = PassportFactory(official=member, kind="ordinary")
    with pytest.raises(CustodyError, match="không dùng hộ chiếu phổ thông"):
        services.passport_hand_out(passport=ordinary, actor=custodian, trip=trip, received_by="A")
    official = member.passports.get(kind="official")
    Passport.objects.filter(pk=official.pk).update(expires_on=D(2027, 12, 10))  # 6 months - 1 day
    with pytest.raises(CustodyError, match="còn hạn đến ít nhất 11/12/2027"):
        services.passport_hand_out(passport=official, actor=custodian, trip=trip, received_by="A")
    assert not Handout.objects.exists() and not CustodyEvent.objects.exists()


@pytest.mark.parametrize("status", ["expired", "lost", "cancelled"])
def test_without_a_held_official_passport_the_ordinary_one_is_handed_out(trip, custodian, status):
    """POLICY.md: "where one is held" means an official passport not lost, cancelled or
    expired; the hand-out and the rule share that definition (passports.fitness)."""
    member = trip.members.get(is_head=True).official
    member.passports.filter(kind="official").update(status=status, expires_on=D(2026, 11, 1))
    ordinary = PassportFactory(official=member, kind="ordinary")
    handout = services.passport_hand_out(
        passport=ordinary, actor=custodian, trip=trip, received_by="A"
    )
    assert handout.passport == ordinary


def test_an_official_passport_past_its_date_is_not_held_before_the_sweep_marks_it(trip, custodian):
    member = trip.members.get(is_head=True).official
    member.passports.filter(kind="official").update(expires_on=D(2026, 11, 1))  # in custody
    ordinary = PassportFactory(official=member, kind="ordinary")
    services.passport_hand_out(passport=ordinary, actor=custodian, trip=trip, received_by="A")
    assert Passport.objects.get(pk=ordinary.pk).status == Passport.Status.HANDED_OUT


def test_only_custodians_move_passports(trip, staff_a, reviewer):
    for actor in (staff_a, reviewer):
        with pytest.raises(PermissionDenied):
            services.passport_hand_out(
                passport=holder_passport(trip), actor=actor, trip=trip, received_by="A"
            )


def test_a_passport_out_cannot_be_handed_out_again(trip, custodian):
    passport = holder_passport(trip)
    services.passport_hand_out(passport=passport, actor=custodian, trip=trip, received_by="A")
    with pytest.raises(CustodyError, match="Đã giao cho người sử dụng"):
        services.passport_hand_out(passport=passport, actor=custodian, trip=trip, received_by="A")


def test_register_edit_lose_and_cancel_are_logged(db, custodian, staff_a):
    from agencies.tests.factories import OfficialFactory

    official = OfficialFactory(agency=staff_a.agency)
    fields = {
        "official": official,
        "kind": "ordinary",
        "number": "C9990001",
        "issued_on": D(2024, 1, 1),
        "expires_on": D(2034, 1, 1),
        "storage_location": "Tủ 1",
    }
    passport = services.passport_register(actor=custodian, fields=fields)
    services.passport_edit(
        passport=passport, actor=custodian, fields={**fields, "storage_location": "Tủ 2"}
    )
    services.passport_report_lost(passport=passport, actor=custodian, note="Mất khi di chuyển")
    with pytest.raises(CustodyError):
        services.passport_cancel(passport=passport, actor=custodian, note="Hủy")
    actions = list(passport.custody_log.values_list("action", flat=True))
    assert actions == ["registered", "edited", "reported_lost"]
    assert "Tủ 1 → Tủ 2" in passport.custody_log.get(action="edited").note


def test_the_custody_log_refuses_update_and_delete(trip, custodian):
    services.passport_hand_out(
        passport=holder_passport(trip), actor=custodian, trip=trip, received_by="A"
    )
    row = CustodyEvent.objects.get()
    row.note = "sửa"
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        CustodyEvent.objects.all().delete()


def test_expired_passports_are_marked_by_the_sweep(db, custodian):
    passport = PassportFactory(expires_on=D(2027, 1, 1))
    assert services.mark_expired(D(2027, 1, 2)) == 1
    assert services.mark_expired(D(2027, 1, 2)) == 0
    passport.refresh_from_db()
    assert passport.status == Passport.Status.EXPIRED
    assert passport.custody_log.get().action == CustodyEvent.Action.EXPIRED


@pytest.mark.postgres
@pytest.mark.usefixtures("migration_data")
def test_two_custodians_handing_out_the_same_passport_at_once(staff_a, reviewer, custodian):
    from accounts.roles import Role
    from accounts.tests.factories import UserFactory

    trip = approved_trip(staff_a, reviewer)
    passport = holder_passport(trip)
    other = UserFactory(username="custodian2", roles=[Role.CUSTODIAN])
    calls = [
        lambda actor=actor: services.passport_hand_out(
            passport=passport, actor=actor, trip=trip, received_by="A"
        )
        for actor in (custodian, other)
    ]
    done, refused = run_at_once(calls, expected=(CustodyError,))
    assert len(done) == 1 and len(refused) == 1
    assert Handout.objects.count() == 1 and CustodyEvent.objects.count() == 1


def test_a_cancelled_trip_cannot_receive_a_hand_out(trip, staff_a, custodian):
    from approvals import services as trip_services

    trip_services.trip_cancel(trip=trip, actor=staff_a, reason="Đối tác hoãn chương trình")
    passport = holder_passport(trip)
    with pytest.raises(CustodyError, match="đã được phê duyệt"):
        services.passport_hand_out(passport=passport, actor=custodian, trip=trip, received_by="A")
    passport.refresh_from_db()
    assert passport.status == Passport.Status.IN_CUSTODY and not Handout.objects.exists()


@pytest.mark.postgres
@pytest.mark.usefixtures("migration_data")
def test_a_hand_out_and_a_cancellation_at_once_never_hand_out_after_it(
    staff_a, reviewer, custodian
):
    """The hand-out locks the trip: either it goes first and the cancellation follows, or the
    cancellation goes first and the hand-out is refused; never a hand-out for a trip already
    cancelled."""
    from approvals import services as trip_services

    trip = approved_trip(staff_a, reviewer)
    passport = holder_passport(trip)
    _done, refused = run_at_once(
        [
            lambda: services.passport_hand_out(
                passport=passport, actor=custodian, trip=trip, received_by="A"
            ),
            lambda: trip_services.trip_cancel(trip=trip, actor=staff_a, reason="Hoãn"),
        ],
        expected=(CustodyError,),
    )
    cancelled = trip.history.get(to_status=TripRequest.Status.CANCELLED)
    handed_out = CustodyEvent.objects.filter(action=CustodyEvent.Action.HANDED_OUT).first()
    if refused:
        assert handed_out is None
    else:
        assert handed_out.at < cancelled.at
