"""The trip services: drafts always saved, submit and approve guarded by the rules."""

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import DisciplinaryReviewFactory
from approvals import services as approval_services
from trips import services
from trips.exceptions import (
    JustificationMissing,
    PolicyBlocked,
    ReasonRequired,
    TransitionNotAllowed,
)
from trips.models import TripRequest, TripTransition
from trips.policy.facts import MemberData
from trips.tests.helpers import ready_officials
from trips.tests.helpers import trip_fields as fields

D = dt.date
S = TripRequest.Status
pytestmark = pytest.mark.django_db


def members(people):
    return [MemberData(p.id, i == 0) for i, p in enumerate(people)]


@pytest.fixture
def draft(staff_a):
    people = ready_officials(staff_a.agency, 2)
    return services.trip_save_draft(actor=staff_a, fields=fields(), members=members(people))


@pytest.fixture
def submitted(draft, staff_a):
    draft.justifications = {"NOT_IN_ANNUAL_PLAN": "Lời mời đột xuất của tỉnh kết nghĩa."}
    draft.save()
    return approval_services.trip_submit(trip=draft, actor=staff_a)


def test_a_draft_is_saved_whatever_it_contains(staff_a):
    people = ready_officials(staff_a.agency, 11)
    trip = services.trip_save_draft(
        actor=staff_a, fields=fields(organiser_type="enterprise"), members=members(people)
    )
    assert trip.status == S.DRAFT and trip.members.count() == 11
    found = {f["code"] for f in trip.findings}
    assert {"DELEGATION_TOO_LARGE", "ENTERPRISE_SPONSORED", "LARGE_DELEGATION"} <= found
    assert trip.history.get().to_status == S.DRAFT


def test_editing_a_draft_replaces_members_and_refreshes_findings(draft, staff_a):
    alone = ready_officials(staff_a.agency)
    trip = services.trip_save_draft(
        actor=staff_a, trip=draft, fields={"title": "Đoàn mới"}, members=members(alone)
    )
    assert list(trip.members.values_list("official_id", "is_head")) == [(alone[0].id, True)]
    assert trip.title == "Đoàn mới"
    assert trip.history.count() == 1  # an edit is not a status change


@pytest.mark.parametrize(
    ("kind", "make_members", "message"),
    [
        ("business", lambda a, b: [], "ít nhất một người"),
        ("private", lambda a, b: [MemberData(a.id, True), MemberData(b.id)], "chỉ gồm một người"),
        ("business", lambda a, b: [MemberData(a.id), MemberData(b.id)], "đúng một trưởng đoàn"),
        ("business", lambda a, b: [MemberData(a.id, True), MemberData(a.id)], "một lần"),
    ],
)
def test_the_shape_of_the_delegation_is_validated(staff_a, kind, make_members, message):
    a, b = ready_officials(staff_a.agency, 2)
    with pytest.raises(ValidationError) as error:
        services.trip_save_draft(
            actor=staff_a, fields=fields(kind=kind), members=make_members(a, b)
        )
    assert message in str(error.value)
    assert not TripRequest.objects.exists()


def test_an_official_of_another_agency_cannot_be_a_member(staff_a, agency_b):
    theirs = ready_officials(agency_b)
    with pytest.raises(ValidationError, match="cán bộ đang công tác của cơ quan"):
        services.trip_save_draft(actor=staff_a, fields=fields(), members=members(theirs))
    assert not TripRequest.objects.exists()


def test_a_return_before_departure_is_a_clear_message_and_saves_nothing(staff_a):
    people = ready_officials(staff_a.agency)
    with pytest.raises(ValidationError, match="không được trước ngày xuất cảnh"):
        services.trip_save_draft(
            actor=staff_a, fields=fields(return_date=D(2027, 6, 1)), members=members(people)
        )
    assert not TripRequest.objects.exists()


def test_staff_of_another_agency_cannot_edit(draft, staff_b):
    with pytest.raises(PermissionDenied):
        services.trip_save_draft(actor=staff_b, trip=draft, fields={}, members=[])


def test_submit_is_refused_on_a_block_and_changes_nothing(staff_a):
    people = ready_officials(staff_a.agency)
    trip = services.trip_save_draft(
        actor=staff_a, fields=fields(funded_by_enterprise=True), members=members(people)
    )
    with pytest.raises(PolicyBlocked) as error:
        approval_services.trip_submit(trip=trip, actor=staff_a)
    assert "ENTERPRISE_SPONSORED" in [f.code for f in error.value.findings]
    trip.refresh_from_db()
    assert trip.status == S.DRAFT and trip.history.count() == 1


def test_submit_asks_for_a_justification_per_warning(draft, staff_a):
    with pytest.raises(JustificationMissing) as error:
        approval_services.trip_submit(trip=draft, actor=staff_a)
    assert error.value.missing_codes == ["NOT_IN_ANNUAL_PLAN"]
    assert "Cần giải trình" in error.value.messages["NOT_IN_ANNUAL_PLAN"]
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def test_submit_stores_findings_justifications_and_policy(submitted):
    row = submitted.history.last()
    assert (row.from_status, row.to_status) == (S.DRAFT, S.SUBMITTED)
    assert [f["code"] for f in row.findings] == ["NOT_IN_ANNUAL_PLAN"]
    assert row.justifications == {"NOT_IN_ANNUAL_PLAN": "Lời mời đột xuất của tỉnh kết nghĩa."}
    assert row.policy["max_delegation_size"] == 10
    assert submitted.submitted_at is not None


def test_a_later_change_of_settings_never_rewrites_history(submitted):
    with override_settings(TRAVEL_POLICY={**settings.TRAVEL_POLICY, "MAX_DELEGATION_SIZE": 3}):
        assert submitted.history.last().policy["max_delegation_size"] == 10


def test_approve_sets_the_report_deadline(submitted, head_a):
    trip = approval_services.trip_approve(trip=submitted, actor=head_a, note="Đồng ý")
    assert trip.status == S.APPROVED
    assert trip.report_due_on == D(2027, 6, 22)  # 11/6/2027 (Fri) + 7 working days
    row = trip.history.last()
    assert (row.actor, row.note, row.to_status) == (head_a, "Đồng ý", S.APPROVED)


def test_approve_runs_the_rules_again(submitted, head_a):
    DisciplinaryReviewFactory(official=submitted.members.first().official, opened_on=D(2026, 1, 1))
    with pytest.raises(PolicyBlocked):
        approval_services.trip_approve(trip=submitted, actor=head_a)
    submitted.refresh_from_db()
    assert submitted.status == S.SUBMITTED


def test_a_reviewer_cannot_decide_their_own_request_or_one_they_travel_on(submitted, staff_a):
    submitted.created_by.groups.add(Group.objects.get(name=Role.REVIEWER))
    creator_and_reviewer = User.objects.get(pk=submitted.created_by_id)
    with pytest.raises(PermissionDenied):
        approval_services.trip_approve(trip=submitted, actor=creator_and_reviewer)
    traveller = UserFactory(roles=[Role.REVIEWER])
    member = submitted.members.first().official
    member.user = traveller
    member.save()
    with pytest.raises(PermissionDenied):
        approval_services.trip_reject(trip=submitted, actor=traveller, reason="Không")


@pytest.mark.parametrize("service", [approval_services.trip_reject, approval_services.trip_return])
def test_reject_and_return_need_a_reason(submitted, head_a, service):
    with pytest.raises(ReasonRequired):
        service(trip=submitted, actor=head_a, reason="  ")
    trip = service(trip=submitted, actor=head_a, reason="Thiếu chương trình làm việc")
    assert trip.history.last().note == "Thiếu chương trình làm việc"


def test_returned_request_is_edited_and_resubmitted(submitted, head_a, staff_a):
    trip = approval_services.trip_return(trip=submitted, actor=head_a, reason="Bổ sung dự toán")
    trip = services.trip_save_draft(
        actor=staff_a,
        trip=trip,
        fields={"estimated_cost_vnd": 300_000_000},
        members=members([m.official for m in trip.members.all()]),
    )
    trip = approval_services.trip_submit(trip=trip, actor=staff_a)
    assert [h.to_status for h in trip.history.all()] == [
        S.DRAFT,
        S.SUBMITTED,
        S.RETURNED,
        S.SUBMITTED,
    ]


def test_only_reviewers_decide(submitted, staff_a, custodian):
    for actor in (staff_a, custodian):
        with pytest.raises(PermissionDenied):
            approval_services.trip_approve(trip=submitted, actor=actor)


def test_illegal_transitions_raise_a_clear_error(draft, submitted, head_a, reviewer, staff_a):
    with pytest.raises(TransitionNotAllowed, match="Chờ thẩm định"):
        approval_services.trip_submit(trip=submitted, actor=staff_a)
    trip = approval_services.trip_reject(trip=submitted, actor=head_a, reason="Không phù hợp")
    for call in (
        lambda: approval_services.trip_approve(trip=trip, actor=reviewer),
        lambda: approval_services.trip_withdraw(trip=trip, actor=staff_a),
        lambda: approval_services.trip_cancel(trip=trip, actor=staff_a, reason="x"),
    ):
        with pytest.raises(TransitionNotAllowed) as error:
            call()
        assert error.value.status == S.REJECTED


def test_withdraw_before_a_decision_and_cancel_after_approval(submitted, head_a, staff_a):
    trip = approval_services.trip_approve(trip=submitted, actor=head_a)
    with pytest.raises(TransitionNotAllowed):
        approval_services.trip_withdraw(trip=trip, actor=staff_a)
    with pytest.raises(ReasonRequired):
        approval_services.trip_cancel(trip=trip, actor=staff_a, reason="")
    trip = approval_services.trip_cancel(
        trip=trip, actor=staff_a, reason="Đối tác hoãn chương trình"
    )
    assert trip.status == S.CANCELLED and trip.report_due_on is None


def test_withdraw_a_submitted_request(submitted, staff_a, staff_b):
    with pytest.raises(PermissionDenied):
        approval_services.trip_withdraw(trip=submitted, actor=staff_b)
    trip = approval_services.trip_withdraw(trip=submitted, actor=staff_a, reason="Không đi nữa")
    assert trip.status == S.WITHDRAWN


def test_complete_after_return_is_idempotent(submitted, head_a):
    trip = approval_services.trip_approve(trip=submitted, actor=head_a)
    assert approval_services.trip_complete(trip=trip, today=D(2027, 6, 11)) is None
    assert approval_services.trip_complete(trip=trip, today=D(2027, 6, 12)).status == S.COMPLETED
    assert approval_services.trip_complete(trip=trip, today=D(2027, 6, 13)) is None
    assert TripTransition.objects.filter(trip=trip, to_status=S.COMPLETED).count() == 1
