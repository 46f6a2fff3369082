"""One dispatch (core.workflow.dispatch): every action that names a service can be called
the way the browser and the API call it, and the fields a form or serializer validated reach
the service as keywords (how a `signing_pin` reaches the decision)."""

import inspect

import pytest
from django.utils.module_loading import import_string

from core.workflow import table_for
from core.workflow.dispatch import take
from core.workflow.table import _TABLES
from trips.models import TripRequest
from trips.tests.helpers import submitted_trip


def dispatched():
    return [
        pytest.param(table, action, id=f"{model.__name__}.{action.name}")
        for model, table in _TABLES.items()
        for action in table.actions
        if action.service
    ]


@pytest.mark.parametrize(("table", "action"), dispatched())
def test_each_service_takes_what_the_dispatch_gives_it(table, action):
    parameters = inspect.signature(import_string(action.service)).parameters
    given = {table.subject, "actor", *dict(action.params)}
    if action.text and not action.form:
        given.add(action.text)
    assert given <= set(parameters), f"{action.service} lacks {given - set(parameters)}"
    assert action.done, "the browser says it is done"
    assert table.subject and table.detail_url is not None


def test_every_workflow_model_is_dispatched():
    names = {model.__name__ for model in _TABLES}
    assert {"TripRequest", "AnnualPlan", "PostTripReport", "Passport"} <= names


@pytest.mark.django_db
def test_extra_validated_fields_reach_the_service_as_keywords(staff_a, reviewer, monkeypatch):
    trip = submitted_trip(staff_a)
    seen = {}

    def approve(*, trip, actor, note="", signing_pin=None):
        seen.update(trip=trip, actor=actor, note=note, signing_pin=signing_pin)
        return trip

    monkeypatch.setattr("approvals.services.trip_approve", approve)
    assert table_for(TripRequest).action("approve").service == "approvals.services.trip_approve"
    take(trip, "approve", reviewer, note="Đồng ý", signing_pin="123456")
    assert seen == {"trip": trip, "actor": reviewer, "note": "Đồng ý", "signing_pin": "123456"}
