"""The rules module: every clause of the letter as a plain function of loaded facts.

    findings = check(request_data)          # what the form and /api/v1/trips/check/ use

`facts.load_facts` reads everything in a fixed number of queries; `rules.RULES` are pure
functions of those facts, one per finding code (POLICY.md), so `grep TRIP_QUOTA` finds it.
"""

from trips.policy.config import PolicyConfig
from trips.policy.dates import validate_trip_dates
from trips.policy.facts import TripData, load_facts
from trips.policy.findings import Finding, Severity
from trips.policy.rules import evaluate


def check(
    data: TripData, *, config: PolicyConfig | None = None, today=None, lock=False
) -> list[Finding]:
    """Run every enabled rule on `data` (saved or not). Reads, never writes; with `lock`, the
    members and their agencies' key leaders are locked as they are read (a decision step).

    Dates that cannot be a trip raise a ValidationError (invalid input, not a finding)."""
    config = config or PolicyConfig.from_settings()
    validate_trip_dates(data.departure_date, data.return_date, config=config)
    return evaluate(load_facts(data, config=config, today=today, lock=lock))


__all__ = [
    "Finding",
    "PolicyConfig",
    "Severity",
    "TripData",
    "check",
    "evaluate",
    "load_facts",
    "validate_trip_dates",
]
