"""What keeps the summary tables in step (analytics/summary.py): every save or deletion of
what a trip's share is counted from, received inside the transaction that made it.

Model signals rather than the workflow's `moved` alone: a draft's dates, kind or cost are
edited without a move, and a member or a report is saved on its own."""

from django.db.models.signals import post_delete, post_save

from analytics import summary
from core import signals


def trip_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        summary.refresh(instance.pk)


def part_saved(sender, instance, raw=False, **kwargs):
    # A member or a report: the share of its trip.
    if not raw:
        summary.refresh(instance.trip_id)


def members_replaced(sender, trip, **kwargs):
    summary.refresh(trip.pk)


def plan_line_saved(sender, instance, raw=False, **kwargs):
    # Its funding source names the trips' funding (a handful of trips a line).
    if raw:
        return
    for trip_id in instance.trips.filter(status__in=summary.COUNTED).values_list("pk", flat=True):
        summary.refresh(trip_id)


def calendar_changed(sender, instance, raw=False, **kwargs):
    # A day declared working or not moves the private trips abroad over it (L8).
    if raw:
        return
    from trips.models import TripRequest

    trips = TripRequest.objects.filter(
        kind=TripRequest.Kind.PRIVATE,
        status__in=summary.COUNTED,
        departure_date__lte=instance.date,
        return_date__gte=instance.date,
    )
    for trip_id in trips.values_list("pk", flat=True):
        summary.refresh(trip_id)


def connect():
    from core.models import CalendarOverride
    from plans.models import PlanLine
    from reports.models import PostTripReport
    from trips.models import TripMember, TripRequest

    uid = "analytics-summary-"
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(trip_saved, sender=TripRequest, dispatch_uid=f"{uid}trip-{name}")
        for model in (TripMember, PostTripReport):
            signal.connect(part_saved, sender=model, dispatch_uid=f"{uid}{model.__name__}-{name}")
        signal.connect(calendar_changed, sender=CalendarOverride, dispatch_uid=f"{uid}cal-{name}")
    post_save.connect(plan_line_saved, sender=PlanLine, dispatch_uid=f"{uid}plan-line")
    signals.members_replaced.connect(members_replaced, dispatch_uid=f"{uid}members")
