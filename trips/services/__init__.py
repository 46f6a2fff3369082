"""Every state change of a trip request. Views, forms, the API and the admin call these.

Each service is one transaction: lock the rows it depends on, check the move against the
transition table (trips.workflow), run the rules where POLICY.md says, save, and write the
history row through `core.workflow.transition`, which notifies.

The services live in modules by theme; their names are imported here so that
`from trips.services import trip_submit` and `services.trip_submit` keep working.
"""

from trips.services.chain import trip_appraise, trip_party_opinion, trip_propose
from trips.services.common import (
    EDITABLE_FIELDS,
    Status,
    findings_of,
    snapshot,
    validate_members,
)
from trips.services.decisions import (
    _lock_officials_for,
    trip_approve,
    trip_cancel,
    trip_complete,
    trip_reject,
    trip_return,
    trip_submit,
    trip_withdraw,
)
from trips.services.drafts import trip_save_draft
from trips.services.record_past import RECORDED_STATUSES, trip_record_past

__all__ = [
    "EDITABLE_FIELDS",
    "RECORDED_STATUSES",
    "Status",
    "_lock_officials_for",
    "findings_of",
    "snapshot",
    "trip_appraise",
    "trip_approve",
    "trip_cancel",
    "trip_complete",
    "trip_party_opinion",
    "trip_propose",
    "trip_record_past",
    "trip_reject",
    "trip_return",
    "trip_save_draft",
    "trip_submit",
    "trip_withdraw",
    "validate_members",
]
