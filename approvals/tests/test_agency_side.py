"""Who on the agency's side hears of a decision (approvals.notifications._agency_side, one
hand-written subquery): the author, the agency's staff and the members who have a login, the
active ones only; held equal to the ORM's definition."""

import pytest
from django.db.models import Q

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from approvals import services
from approvals.notifications import _agency_side
from core.models import Notification
from trips.models import TripRequest
from trips.tests.helpers import submitted_trip

pytestmark = pytest.mark.django_db


def agency_side_by_orm(trip):
    staff = User.objects.filter(agency_id=trip.agency_id, groups__name=Role.AGENCY_STAFF)
    members = trip.members.exclude(official__user=None).values("official__user_id")
    return User.objects.filter(is_active=True).filter(
        Q(pk=trip.created_by_id) | Q(pk__in=staff.values("pk")) | Q(pk__in=members)
    )


def test_the_author_the_agencys_staff_and_the_members_with_a_login_hear_of_a_decision(
    staff_a, staff_b, head_a, agency_a
):
    trip = submitted_trip(staff_a, n=3)
    other_staff = staff_of(agency_a, username="staff_a2")
    staff_of(agency_a, username="gone", is_active=False)
    UserFactory(agency=agency_a, username="no_role")  # of the agency, not its staff
    traveller, gone_traveller = UserFactory(username="traveller"), UserFactory(is_active=False)
    first, second, _third = (m.official for m in trip.members.select_related("official"))
    first.user, second.user = traveller, gone_traveller
    first.save(update_fields=["user"])
    second.save(update_fields=["user"])

    expected = {staff_a.pk, other_staff.pk, traveller.pk}
    assert set(_agency_side(trip).values_list("pk", flat=True)) == expected
    assert set(agency_side_by_orm(trip).values_list("pk", flat=True)) == expected

    # An author who is not (or no longer) of the agency's staff still hears of it.
    author = UserFactory(username="author")
    TripRequest.objects.filter(pk=trip.pk).update(created_by=author)
    trip.created_by_id = author.pk
    expected.add(author.pk)
    assert set(_agency_side(trip).values_list("pk", flat=True)) == expected
    assert set(agency_side_by_orm(trip).values_list("pk", flat=True)) == expected

    services.trip_approve(trip=trip, actor=head_a)
    told = Notification.objects.filter(event_key__startswith="trip-transition-").exclude(
        recipient=head_a
    )
    approved = told.filter(subject__startswith="Hồ sơ đã được phê duyệt")
    assert {n.recipient_id for n in approved} == expected  # staff_b's agency never hears


@pytest.mark.parametrize("acting", ["staff", "traveller", "outsider", None])
def test_a_decisions_recipients_by_hand_are_the_orms_but_the_actor(
    acting, staff_a, agency_a, head_a
):
    """recipients_for's hand-written SELECT for a decision (approvals.notifications) is the
    agency's side by the ORM's definition, active, without whoever took the decision; and
    notify writes one notice to each of them."""
    from approvals.notifications import recipients_for
    from core.notifications import notify

    trip = submitted_trip(staff_a, n=2)
    other_staff = staff_of(agency_a, username="staff_a2")
    staff_of(agency_a, username="gone", is_active=False)
    traveller = UserFactory(username="traveller")
    member = trip.members.select_related("official").first().official
    member.user = traveller
    member.save(update_fields=["user"])
    actor = {"staff": other_staff, "traveller": traveller, "outsider": head_a, None: None}[acting]
    actor_id = actor.pk if actor else None
    expected = set(agency_side_by_orm(trip).exclude(pk=actor_id).values_list("pk", flat=True))
    assert expected >= {staff_a.pk} and actor_id not in expected
    for status in (TripRequest.Status.APPROVED, TripRequest.Status.REJECTED, "returned"):
        written = notify(
            recipients=recipients_for(trip, status, but=actor_id),
            event_key=f"test-{status}-{acting}",
            subject="Quyết định",
            body="",
        )
        assert {n.recipient_id for n in written} == expected
        assert (
            set(
                Notification.objects.filter(event_key=f"test-{status}-{acting}").values_list(
                    "recipient_id", flat=True
                )
            )
            == expected
        )
