"""A move reads the members by hand, unordered (approvals.services.decisions.read_members),
and sorts them as TripMember's ordering would: the head first, then in the order they were
added."""

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
        assert moving.members.first().official_id == head.pk  # read: no query, the head
        # A query made from the read is its own (the decision's is_collective asks this).
        levels = moving.members.values_list("official__management_level", flat=True)
        assert sorted(levels) == sorted(p.management_level for p in (first, second, head))


def test_a_chain_stored_before_its_collectivity_is_approved_through_the_api(staff_a, head_a):
    """Its decision asks the members' levels of the move's read (documents.services
    .is_collective): a query made from the sorted read."""
    from rest_framework.test import APIClient

    from approvals.models import ChainStep
    from trips.tests.helpers import submitted_trip

    trip = submitted_trip(staff_a, n=3)
    ChainStep.objects.filter(trip=trip).update(collective=None)  # as before migration 0003
    api = APIClient()
    api.force_authenticate(head_a)
    answer = api.post(f"/api/v1/trips/{trip.pk}/approve/", {}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "approved"
    assert [m["is_head"] for m in answer.json()["members"]] == [True, False, False]
