"""The findings of a saved request as they are now, beside those stored when it was last
saved or submitted (issue 15, item 2).

A request's stored findings date from its last save or its submission; a discipline review
opened since, or another trip approved, changes the answer. The pages show the rules' answer
of today (the same engine, `trips.policy.check`), and the stored one when it differs.
"""

import dataclasses

from django.core.exceptions import ValidationError

from trips import policy
from trips.models import TripRequest
from trips.policy.facts import TripData
from trips.policy.store import config_at_submission

# A decided request keeps the findings it was decided on: re-checking it says nothing useful.
LIVE_STATUSES = (*TripRequest.EDITABLE_STATUSES, *TripRequest.PENDING_STATUSES)


@dataclasses.dataclass
class FindingsNow:
    findings: list[dict]  # what the pages show
    stored: list[dict]  # as stored at the last save / submission
    changed: bool  # the stored ones differ from today's
    is_live: bool  # findings are today's answer (else the stored ones)


def _differ(current: list[dict], stored: list[dict]) -> bool:
    """By source text and parameters where every finding has them (the same finding read in
    another language is no change); by message for rows stored before findings kept them."""
    by_source = all(f.get("template") for f in [*current, *stored])

    def key(f):
        text = (f["template"], repr(f.get("params"))) if by_source else (f["message"],)
        return (f["code"], f["severity"], *text)

    return sorted(map(key, current)) != sorted(map(key, stored))


def findings_now(trip: TripRequest, *, today=None) -> FindingsNow:
    """Re-run the rules on `trip` as saved (a fixed number of queries, whatever its size)."""
    stored = list(trip.findings or [])
    if trip.status not in LIVE_STATUSES:
        return FindingsNow(stored, stored, changed=False, is_live=False)
    try:
        # A request out of its authors' hands is weighed by the settings of its submission.
        config = None if trip.is_editable else config_at_submission(trip)
        data = TripData.from_trip(trip)
        current = [f.stored() for f in policy.check(data, config=config, today=today)]
    except ValidationError:  # dates saved before they were checked: the stored answer stands
        return FindingsNow(stored, stored, changed=False, is_live=False)
    changed = _differ(current, stored)
    return FindingsNow(current, stored, changed=changed, is_live=True)
