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
