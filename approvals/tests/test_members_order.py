"""A move reads the members unordered (approvals.services.decisions.MEMBERS_WITH_OFFICIALS) and
sorts them as TripMember's ordering would: the head first, then in the order they were added."""

import pytest
from django.db import transaction

from approvals.services.decisions import locked_with_members, read_for_move
from trips import services
from trips.models import TripRequest
from trips.policy.facts import MemberData
from trips.tests.helpers import ready_officials, trip_fields

pytestmark = pytest.mark.django_db


def test_the_head_comes_first_though_added_last(staff_a):
    first, second, head = ready_officials(staff_a.agency, 3)
    members = [MemberData(first.pk, False), MemberData(second.pk, False), MemberData(head.pk, True)]
    trip = services.trip_save_draft(actor=staff_a, fields=trip_fields(), members=members)
    expected = list(trip.members.values_list("official_id", flat=True))  # TripMember's order
    assert expected == [head.pk, first.pk, second.pk]
    with transaction.atomic():
        moving = read_for_move(TripRequest.objects.filter(pk=trip.pk)).get()
        assert [m.official_id for m in moving.members.all()] == expected
        assert [m.official_id for m in locked_with_members(trip).members.all()] == expected
