"""The approval chain through the services: each level's steps, substitutes, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.tests.factories import UserFactory
from agencies.tests.factories import DisciplinaryReviewFactory
from approvals import services
from approvals.chain import StepNotReady, chain_of
from approvals.tests.chain_helpers import decider_user, submitted_at_level
from authority.substitutions import substitution_create
from authority.tests.factories import K, agency_head, appraiser, hold, province
from core.errors import NotAllowed
from core.models import Notification
from core.workflow import actions_for
from documents.models import IssuedDocument
from trips.exceptions import PolicyBlocked, TransitionNotAllowed

pytestmark = pytest.mark.django_db
REFUSED = (PermissionDenied, NotAllowed)


@pytest.fixture
def decider(db):
    return decider_user(username="decider")


# The agency head's signature of the proposal, first in every province-level chain (issue 23).
SIGNED = ("propose", "approved")


def _steps(trip):
    return [(s.action, s.status) for s in chain_of(trip)]


def _decision(trip):
    return IssuedDocument.objects.get(trip=trip, kind="decision")


def test_agency_level_one_step_by_the_agency_s_head(staff_a, reviewer, decider):
    head = agency_head(UserFactory(agency=staff_a.agency, roles=["agency_head"]), staff_a.agency)
    trip = submitted_at_level(staff_a, "agency")
    assert _steps(trip) == [("decide", "active")]
    for outsider in (decider, reviewer):  # the law: neither the Committee nor the Department
        with pytest.raises(REFUSED):
            services.trip_approve(trip=trip, actor=outsider)
    trip = services.trip_approve(trip=trip, actor=head, note="Đồng ý")
    assert trip.status == "approved"
    (step,) = chain_of(trip)
    assert (step.status, step.actor, step.acting_for) == ("approved", head, None)


def test_province_level_appraisal_then_decision(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    assert _steps(trip) == [SIGNED, ("appraise", "active"), ("decide", "pending")]
    with pytest.raises(StepNotReady):  # the decision waits for the appraisal
        services.trip_approve(trip=trip, actor=decider)
    with pytest.raises(REFUSED):  # the appraisal is not the decider's step
        services.trip_appraise(trip=trip, actor=decider, opinion="approve")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve", note="Đủ điều kiện")
    assert trip.status == "appraised"
    assert _steps(trip) == [SIGNED, ("appraise", "approved"), ("decide", "active")]
    assert Notification.objects.filter(recipient=decider).exists()  # the next actor hears
    assert Notification.objects.filter(recipient=staff_a, subject__contains=trip.title).exists()
    with pytest.raises(REFUSED):  # now the reviewer's turn is over
        services.trip_approve(trip=trip, actor=reviewer)
    assert [a.name for a in actions_for(decider, trip)] == ["approve", "return", "reject"]
    trip = services.trip_approve(trip=trip, actor=decider)
    assert trip.status == "approved"
    assert list(trip.history.values_list("action", flat=True))[-2:] == ["appraise", "approve"]


def test_a_negative_appraisal_goes_on_to_the_decider_with_its_opinion(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    with pytest.raises(ValidationError):  # a negative opinion says why
        services.trip_appraise(trip=trip, actor=reviewer, opinion="reject")
    trip = services.trip_appraise(
        trip=trip, actor=reviewer, opinion="reject", note="Chưa cần thiết"
    )
    assert trip.status == "appraised"
    appraisal = chain_of(trip)[1]
    assert (appraisal.status, appraisal.note) == ("rejected", "Chưa cần thiết")
    trip = services.trip_reject(trip=trip, actor=decider, reason="Theo ý kiến thẩm định")
    assert trip.status == "rejected"
    assert _steps(trip) == [SIGNED, ("appraise", "rejected"), ("decide", "rejected")]


def test_standing_committee_level_needs_the_party_opinion_first(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "standing_committee")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    with pytest.raises(StepNotReady):  # approving before the opinion: 409
        services.trip_approve(trip=trip, actor=decider)
    trip = services.trip_party_opinion(
        trip=trip, actor=reviewer, agreed=True, reference="123-CV/TU", dated=timezone.localdate()
    )
    assert trip.status == "appraised"
    opinion = chain_of(trip)[2]
    assert (opinion.party_reference, opinion.party_agreed) == ("123-CV/TU", True)
    assert services.trip_approve(trip=trip, actor=decider).status == "approved"


def test_a_negative_party_opinion_ends_the_request_as_rejected(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "standing_committee")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    trip = services.trip_party_opinion(
        trip=trip,
        actor=reviewer,
        agreed=False,
        reference="45-CV/TU",
        dated=timezone.localdate(),
        note="Chưa phù hợp thời điểm",
    )
    assert trip.status == "rejected"
    last = trip.history.last()
    assert "45-CV/TU" in last.note and "Chưa phù hợp thời điểm" in last.note
    assert _steps(trip) == [
        SIGNED,
        ("appraise", "approved"),
        ("party_opinion", "rejected"),
        ("decide", "closed"),
    ]


def test_a_substitute_decider_acts_for_the_principal_and_the_record_says_so(
    staff_a, reviewer, decider
):
    deputy = hold(UserFactory(username="deputy"), province(), K.OFFICE_CHIEF)
    substitution_create(
        actor=decider,
        principal=decider,
        substitute=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=3),
    )
    deputy = type(deputy).objects.get(pk=deputy.pk)
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    trip = services.trip_approve(trip=trip, actor=deputy, note="Thay Chủ tịch")
    decision = chain_of(trip)[2]
    assert (decision.actor, decision.acting_for) == (deputy, decider)
    assert trip.history.last().acting_for == decider
    # Authorised in writing, not a leader of the Committee: TUQ. over the office chief's title.
    assert _decision(trip).signed_as == "TUQ."


def test_a_deputy_decider_signs_kt(staff_a, reviewer, decider):
    vice = hold(UserFactory(username="vice", roles=["decider"]), province(), K.DEPUTY)
    substitution_create(
        actor=decider,
        principal=decider,
        substitute=vice,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        signs_as="",
    )
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    trip = services.trip_approve(trip=trip, actor=vice)
    # Named, the vice-chairman acts for the chairman although a decider himself (issue 23).
    assert chain_of(trip)[2].acting_for == decider
    assert (_decision(trip).signed_as, _decision(trip).acting_for) == ("KT.", "decider")


def test_nobody_acts_on_a_request_they_travel_on_even_as_substitute(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    traveller = trip.members.first().official
    substitute = appraiser(UserFactory(username="traveller"))
    traveller.user = substitute
    traveller.save()
    substitution_create(
        actor=reviewer,
        principal=reviewer,
        substitute=substitute,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    with pytest.raises(REFUSED):
        services.trip_appraise(trip=trip, actor=substitute, opinion="approve")
    assert _steps(trip)[1] == ("appraise", "active")


def test_a_block_stops_the_chain_at_any_step(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    DisciplinaryReviewFactory(
        official=trip.members.first().official, opened_on=timezone.localdate()
    )
    with pytest.raises(PolicyBlocked):
        services.trip_approve(trip=trip, actor=decider)
    trip.refresh_from_db()
    assert trip.status == "appraised" and _steps(trip)[2] == ("decide", "active")


def test_return_at_the_decision_and_a_new_chain_on_resubmission(staff_a, reviewer, decider):
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    with pytest.raises(TransitionNotAllowed):
        services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    trip = services.trip_return(trip=trip, actor=decider, reason="Bổ sung chương trình")
    assert trip.status == "returned"
    trip = services.trip_submit(trip=trip, actor=staff_a)
    assert _steps(trip) == [("propose", "active"), ("appraise", "pending"), ("decide", "pending")]
    assert {s.round for s in chain_of(trip)} == {2}


def test_an_authority_change_does_not_rewrite_a_stored_chain(staff_a, reviewer):
    from authority.models import Authority

    trip = submitted_at_level(staff_a, "province")
    authority = Authority.objects.get(level="province")
    authority.steps = authority.steps[2:]  # the decision only
    authority.save()
    assert _steps(trip) == [SIGNED, ("appraise", "active"), ("decide", "pending")]
    later = submitted_at_level(staff_a, "province", title="Đoàn sau")
    assert _steps(later) == [("decide", "active")]


def test_the_agency_hears_who_decided_for_whom(staff_a, reviewer, decider):
    deputy = hold(UserFactory(username="deputy2", first_name="Phó Chủ tịch"), province(), K.DEPUTY)
    substitution_create(
        actor=decider,
        principal=decider,
        substitute=deputy,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    trip = submitted_at_level(staff_a, "province")
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    services.trip_approve(trip=trip, actor=type(deputy).objects.get(pk=deputy.pk))
    notice = Notification.objects.filter(recipient=staff_a).latest("id")
    assert "Phó Chủ tịch" in notice.body and str(decider) in notice.body
