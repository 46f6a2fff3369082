"""What apps above trips do when something happens to a trip, without trips importing them.

Reports sit above trips (a report belongs to a trip), yet a trip recorded as completed owes
its report at once. The reports app registers its handler when it loads (reports/apps.py);
the trip's service calls `trip_recorded_completed` inside its own transaction.
"""

_on_recorded_completed = []


def on_trip_recorded_completed(handler):
    """Register `handler(*, trip, actor)`: called for a past trip recorded as completed."""
    if handler not in _on_recorded_completed:
        _on_recorded_completed.append(handler)
    return handler


def trip_recorded_completed(*, trip, actor) -> None:
    for handler in _on_recorded_completed:
        handler(trip=trip, actor=actor)
