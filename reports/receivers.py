"""What reports do when trips send core.signals (connected in reports/apps.py)."""

from reports.policy_facts import ReportFacts
from reports.services import report_open

PROVIDER = ReportFacts()


def facts(sender, **kwargs):
    """Which reports are filed, for the rules and the plans' figures (trips/policy/providers)."""
    return PROVIDER if sender == "reports" else None


def open_report_of_completed_trip(sender, *, trip, actor, **kwargs):
    """A completed trip owes its report if it has a deadline (business trips only)."""
    if trip.report_due_on is not None:
        report_open(trip=trip, actor=actor)
