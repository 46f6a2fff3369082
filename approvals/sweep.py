"""The trips' step of the daily sweep (`portal.sweep` lists the steps): approved trips whose
return date has passed become completed, each in its own transaction with what the apps above
do on `core.signals.trip_completed` (reports open the report owed). Safe to run twice:
`trip_complete` does nothing to a trip already completed."""

import datetime as dt

from approvals.services import trip_complete
from trips.models import TripRequest


def complete_returned_trips(today: dt.date) -> int:
    count = 0
    for trip in TripRequest.objects.filter(
        status=TripRequest.Status.APPROVED, return_date__lt=today
    ).order_by("pk"):
        count += trip_complete(trip=trip, today=today) is not None
    return count
