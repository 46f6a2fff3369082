"""The daily sweep (07:30, Celery beat; `manage.py send_reminders` without a broker).

A thin orchestrator: each app sweeps its own rows (`reports.sweep`, `passports.sweep`,
`core.tasks`); this module only runs the steps in order and adds up what they did. Adding a
step: write `sweep_<app>(today) -> dict[str, int]` in `<app>/sweep.py`, add it to `STEPS`,
and a field per key to `SweepResult`.

Safe to run twice, or twice at once: every notice is a row unique per (recipient, event).
"""

import dataclasses
import datetime as dt
import logging

from django.utils import timezone

from core.tasks import requeue_unsent_emails
from documents.sweep import sweep_documents
from passports.holder_warnings import send_holder_warnings
from passports.lifecycle import apply_due_leavings
from passports.sweep import sweep_passports
from reports.sweep import sweep_reports
from trips.chain_inbox import escalate_overdue_steps

logger = logging.getLogger(__name__)


@dataclasses.dataclass
class SweepResult:
    completed: int = 0
    reminders: int = 0
    passports_expired: int = 0
    passport_alerts: int = 0
    officials_left: int = 0
    holder_warnings: int = 0
    steps_escalated: int = 0
    resent: int = 0
    documents_rendered: int = 0


def _leavings(today: dt.date) -> dict[str, int]:
    return {"officials_left": apply_due_leavings(today)}


def _holder_warnings(today: dt.date) -> dict[str, int]:
    return {"holder_warnings": send_holder_warnings(today)}


def _escalations(today: dt.date) -> dict[str, int]:
    return {"steps_escalated": escalate_overdue_steps(today)}


def _resend(today: dt.date) -> dict[str, int]:
    return {"resent": requeue_unsent_emails()}


# In order: officials whose leaving day has come are inactive before anything else reads who
# works here; trips completed and reports opened before reminders; passports marked expired
# before the holders are warned; requests waiting too long at a step escalated; emails last, so that the notices of this run that could not
# be queued are not counted twice. Documents whose rendering was lost come after: the only slow
# step (a render each), and nothing before it waits on them.
STEPS = [
    _leavings,
    sweep_reports,
    sweep_passports,
    _holder_warnings,
    _escalations,
    _resend,
    sweep_documents,
]


def daily_sweep(today: dt.date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    counts = {}
    for step in STEPS:
        counts.update(step(today))
    result = SweepResult(**counts)
    logger.info("daily sweep %s: %s", today, result)
    return result
