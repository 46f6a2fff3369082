"""One TripData constructor from a mapping (trips/policy/facts.py), used by the form, the API's
check and the facts step."""

import datetime as dt

import pytest

from plans.tests.factories import PlanLineFactory
from trips.forms import TripForm
from trips.policy.facts import MemberData, TripData
from trips.tests.factories import TripFactory

D = dt.date


def test_absent_optional_fields_take_the_defaults():
    data = TripData.from_mapping(
        {"kind": "business", "departure_date": D(2027, 6, 7), "return_date": D(2027, 6, 11)},
        agency_id=3,
        members=[MemberData(5, True)],
    )
    assert data == TripData(
        kind="business",
        agency_id=3,
        departure_date=D(2027, 6, 7),
        return_date=D(2027, 6, 11),
        members=[MemberData(5, True)],
    )


def test_a_required_field_missing_is_a_programming_error():
    with pytest.raises(TypeError):
        TripData.from_mapping({"kind": "business"}, agency_id=3, members=[])


@pytest.mark.django_db
def test_the_saved_request_and_its_fields_as_a_mapping_give_the_same_data(staff_a):
    line = PlanLineFactory(plan__agency=staff_a.agency)
    trip = TripFactory(
        agency=staff_a.agency,
        countries=["JP", "KR"],
        funded_by_enterprise=True,
        involves_commitment=True,
        mandate_reference="12/QĐ-UBND",
        estimated_cost_vnd=250_000_000,
        plan_line=line,
    )
    fields = {name: getattr(trip, name) for name in TripData.MAPPED_FIELDS}
    from_objects = TripData.from_mapping(
        {**fields, "countries": ["JP", "KR"], "plan_line": line},
        agency_id=trip.agency_id,
        members=[],
        trip_id=trip.pk,
    )
    assert TripData.from_trip(trip) == from_objects
    assert from_objects.plan_line_id == line.pk and from_objects.countries == ["JP", "KR"]
    assert from_objects.funded_by_enterprise and from_objects.estimated_cost_vnd == 250_000_000


@pytest.mark.django_db
def test_the_form_builds_its_data_from_its_cleaned_data(staff_a):
    form = TripForm.__new__(TripForm)  # the mapping step alone: cleaned data as a form has it
    form.agency = staff_a.agency
    form.cleaned_data = {
        "kind": "private",
        "departure_date": D(2027, 6, 7),
        "return_date": D(2027, 6, 9),
        "countries": ["TH"],
        "organiser_type": "state",
        "funded_by_enterprise": False,
        "named_invitation_by_foreign_enterprise": False,
        "involves_commitment": False,
        "mandate_reference": "",
        "estimated_cost_vnd": 0,
        "plan_line": None,
        "members": [],
        "head": None,
    }
    data = form.trip_data(trip_id=7)
    assert (data.kind, data.agency_id, data.trip_id, data.countries) == (
        "private",
        staff_a.agency.id,
        7,
        ["TH"],
    )
