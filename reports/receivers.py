"""What reports do when trips send core.signals (connected in reports/apps.py)."""

from reports.services import report_open


def open_report_of_recorded_trip(sender, *, trip, actor, **kwargs):
    report_open(trip=trip, actor=actor)
