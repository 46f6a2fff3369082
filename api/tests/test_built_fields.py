"""api.built_fields: the fields a serializer class built once, copied for each instance. Each
instance answers and validates exactly as DRF's own copies (Field.__deepcopy__) would, with
fields of its own bound to it, inner fields (a list's child) bound to their own container."""

import pytest
from rest_framework.test import APIRequestFactory

from api import built_fields
from api.serializers import TripSerializer
from trips.tests.helpers import submitted_trip

pytestmark = pytest.mark.django_db


class DrfCopies(TripSerializer):
    """TripSerializer with DRF's own copy of every field, for each instance."""

    def get_fields(self):
        return super(built_fields.BuiltOnce, self).get_fields()


def _context(user):
    request = APIRequestFactory().post("/api/v1/trips/")
    request.user = user
    return {"request": request}


def test_each_instance_has_its_own_fields_bound_to_it(staff_a, staff_b):
    one = TripSerializer(context=_context(staff_a))
    two = TripSerializer(context=_context(staff_b))
    for name, field in one.fields.items():
        other = two.fields[name]
        assert field is not other and field.parent is one and other.parent is two, name
    for name in ("countries", "justifications", "days_per_country"):
        child, other = one.fields[name].child, two.fields[name].child
        assert child is not other and child.parent is one.fields[name], name
        assert child.context["request"].user == staff_a and other.context["request"].user == staff_b
    # The scoped id reads the caller from its own serializer's context.
    assert one.fields["plan_line"].context["request"].user == staff_a
    assert two.fields["plan_line"].context["request"].user == staff_b
    members_one, members_two = one.fields["members"], two.fields["members"]
    assert members_one.child is not members_two.child and members_one.child.root is one
    assert one.fields["title"].validators is not two.fields["title"].validators


def test_answers_and_refusals_equal_drfs_own_copies(staff_a):
    trip = submitted_trip(staff_a, n=3)
    assert TripSerializer(trip).data == DrfCopies(trip).data
    bad = {
        "kind": "holiday",
        "title": "",
        "countries": ["XX", "JP"],
        "departure_date": "2027-02-30",
        "members": [{"official": 0}],
        "justifications": {"L1": 5, "L2": None},
        "days_per_country": {"JP": 0},
        "estimated_cost_vnd": -1,
        "plan_line": 10**6,
    }
    ours = TripSerializer(data=bad, context=_context(staff_a))
    theirs = DrfCopies(data=bad, context=_context(staff_a))
    assert not ours.is_valid() and not theirs.is_valid()
    assert ours.errors == theirs.errors and set(ours.errors) >= {
        "kind", "title", "countries", "departure_date", "members", "estimated_cost_vnd",
        "justifications", "days_per_country", "plan_line",
    }  # fmt: skip
