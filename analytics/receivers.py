"""What keeps the summary tables in step (analytics/summary.py): every save or deletion of
what a trip's share is counted from, received inside the transaction that made it.

Model signals rather than the workflow's `moved` alone: a draft's dates, kind or cost are
edited without a move, and a member or a report is saved on its own."""

from django.db import connection
from django.db.models.signals import post_delete, post_save

from analytics import summary
from core import signals

# The fields a trip's share is counted from: a save of only others (its findings, its
# report's due day) moves nothing, and is not re-counted.
COUNTED_FROM = frozenset(
    {"status", "kind", "agency", "agency_id", "submitted_at", "justifications",
     "estimated_cost_vnd", "departure_date", "return_date", "countries", "plan_line",
     "plan_line_id"}
)  # fmt: skip


def trip_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and not COUNTED_FROM & set(update_fields)):
        return
    # Saved inside a transaction, the trip's row is this transaction's until it ends (the
    # UPDATE locked it, or the INSERT made it): the re-count need not lock it again.
    summary.refresh(instance.pk, locked=connection.in_atomic_block)


def trip_deleted(sender, instance, **kwargs):
    summary.refresh(instance.pk, locked=connection.in_atomic_block)


# A report's fields the share reads (its text and reminders move nothing).
REPORT_COUNTED_FROM = frozenset({"status", "working_days_late", "actual_cost_vnd", "trip"})


def part_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A member or a report: the share of its trip.
    if raw or (
        update_fields is not None
        and sender.__name__ == "PostTripReport"
        and not REPORT_COUNTED_FROM & set(update_fields)
    ):
        return
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
    post_delete.connect(trip_deleted, sender=TripRequest, dispatch_uid=f"{uid}trip-delete")
    post_save.connect(trip_saved, sender=TripRequest, dispatch_uid=f"{uid}trip-save")
    for signal, name in ((post_save, "save"), (post_delete, "delete")):
        for model in (TripMember, PostTripReport):
            signal.connect(part_saved, sender=model, dispatch_uid=f"{uid}{model.__name__}-{name}")
        signal.connect(calendar_changed, sender=CalendarOverride, dispatch_uid=f"{uid}cal-{name}")
    post_save.connect(plan_line_saved, sender=PlanLine, dispatch_uid=f"{uid}plan-line")
    signals.members_replaced.connect(members_replaced, dispatch_uid=f"{uid}members")
