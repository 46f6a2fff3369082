"""The moves of a submitted request through its approval chain: submit, the chain's steps
(the head's proposal, appraise, the Party committee's opinion, decide), return, reject, withdraw, cancel and the
return home. Each is one transaction that checks the move against approvals.workflow and
writes the history row through `core.workflow.transition`, which notifies.

`from approvals.services import trip_approve` and `services.trip_approve` both work."""

from approvals.services.chain import trip_appraise, trip_party_opinion, trip_propose
from approvals.services.decisions import (
    trip_approve,
    trip_cancel,
    trip_complete,
    trip_reject,
    trip_return,
    trip_submit,
    trip_withdraw,
)

__all__ = [
    "trip_appraise",
    "trip_approve",
    "trip_cancel",
    "trip_complete",
    "trip_party_opinion",
    "trip_propose",
    "trip_reject",
    "trip_return",
    "trip_submit",
    "trip_withdraw",
]
