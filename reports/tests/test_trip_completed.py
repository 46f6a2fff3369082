"""A trip is completed by trips (trips.services.trip_complete, the sweep's `approvals.sweep`); the
report it owes is opened by reports on `core.signals.trip_completed`, in the same transaction,
whoever completes it."""

import datetime as dt

import pytest

from approvals.services import trip_complete
from approvals.sweep import complete_returned_trips
from core import signals
from reports.models import PostTripReport
from trips.models import TripRequest
from trips.tests.helpers import approved_trip

D = dt.date
pytestmark = pytest.mark.django_db


def test_completing_a_business_trip_opens_its_report(staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)  # back 11/6/2027
    done = trip_complete(trip=trip, today=D(2027, 6, 12))
    report = PostTripReport.objects.get(trip=trip)
    assert done.status == TripRequest.Status.COMPLETED
    assert (report.status, report.due_on) == (PostTripReport.Status.DRAFT, done.report_due_on)


def test_a_private_trip_completes_without_a_report(staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer, n=1, kind=TripRequest.Kind.PRIVATE)
    assert trip_complete(trip=trip, today=D(2027, 6, 12)).status == TripRequest.Status.COMPLETED
    assert not PostTripReport.objects.exists()


def test_the_sweep_step_of_trips_completes_once(staff_a, reviewer):
    approved_trip(staff_a, reviewer)
    assert complete_returned_trips(D(2027, 6, 11)) == 0  # the return day itself
    assert complete_returned_trips(D(2027, 6, 12)) == 1
    assert complete_returned_trips(D(2027, 6, 12)) == 0
    assert PostTripReport.objects.count() == 1


def test_a_report_that_cannot_be_opened_leaves_the_trip_approved(staff_a, reviewer):
    trip = approved_trip(staff_a, reviewer)

    def refuse(sender, **kwargs):
        raise RuntimeError("the report could not be opened")

    signals.trip_completed.connect(refuse, dispatch_uid="test.refuse")
    try:
        with pytest.raises(RuntimeError):
            trip_complete(trip=trip, today=D(2027, 6, 12))
    finally:
        signals.trip_completed.disconnect(dispatch_uid="test.refuse")
    trip.refresh_from_db()
    assert trip.status == TripRequest.Status.APPROVED and not PostTripReport.objects.exists()
