"""Every state change of a trip request. Views, forms, the API and the admin call these.

Each service is one transaction: lock the rows it depends on, check the move against the
transition table (approvals.workflow), run the rules where POLICY.md says, save, and write the
history row through `core.workflow.transition`, which notifies.

The services live in modules by theme; their names are imported here so that
`from trips.services import trip_submit` and `services.trip_submit` keep working.
"""

from trips.services.common import (
    EDITABLE_FIELDS,
    Status,
    findings_of,
    snapshot,
    validate_members,
)
from trips.services.drafts import trip_save_draft
from trips.services.record_past import RECORDED_STATUSES, trip_record_past

__all__ = [
    "EDITABLE_FIELDS",
    "RECORDED_STATUSES",
    "Status",
    "findings_of",
    "snapshot",
    "trip_record_past",
    "trip_save_draft",
    "validate_members",
]
