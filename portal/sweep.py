"""The daily sweep (07:30, Celery beat; `manage.py send_reminders` without a broker).

A thin orchestrator: each app sweeps its own rows; this module lists the steps, runs them in
order and adds up what they did. A step is declared once, in `STEPS`: its name (the count's
key in `SweepResult`, the task's result, the log and /metrics/'
`travelmgmt_sweep_last_count{step=...}`) and the function of its app that does it,
`(today) -> int`. Adding a step is adding one line there.

Safe to run twice, or twice at once: every notice is a row unique per (recipient, event).
"""

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils import timezone

from agencies.services import apply_due_leavings
from approvals.chain_inbox import escalate_overdue_steps
from approvals.sweep import complete_returned_trips
from core.tasks import requeue_unsent_emails
from documents.sweep import render_unrendered
from passports.holder_warnings import send_holder_warnings
from passports.services import mark_expired
from passports.sweep import passport_alerts
from reports.sweep import send_report_reminders

logger = logging.getLogger(__name__)


@dataclasses.dataclass(frozen=True)
class Step:
    name: str  # what it counts: the key of its count in the result and the log
    run: Callable[[dt.date], int]


# In order: officials whose leaving day has come are inactive before anything else reads who
# works here; trips completed and reports opened before reminders; passports marked expired
# before the holders are warned; requests waiting too long at a step escalated; emails last,
# so that the notices of this run that could not be queued are not counted twice. Documents
# whose rendering was lost come after: the only slow step (a render each), and nothing before
# it waits on them.
STEPS = [
    Step("officials_left", apply_due_leavings),
    Step("completed", complete_returned_trips),
    Step("reminders", send_report_reminders),
    Step("passports_expired", mark_expired),
    Step("passport_alerts", passport_alerts),
    Step("holder_warnings", send_holder_warnings),
    Step("steps_escalated", escalate_overdue_steps),
    Step("resent", lambda today: requeue_unsent_emails()),
    Step("documents_rendered", lambda today: render_unrendered()),
]

# What a run did, a count per step (`result.reminders`), made from STEPS.
SweepResult = dataclasses.make_dataclass("SweepResult", [(step.name, int, 0) for step in STEPS])


def daily_sweep(today: dt.date | None = None) -> SweepResult:
    today = today or timezone.localdate()
    counts = {}
    for step in STEPS:
        started = time.monotonic()
        counts[step.name] = step.run(today)
        logger.info(
            "daily sweep %s: %s %s (%.2f s)",
            today,
            step.name,
            counts[step.name],
            time.monotonic() - started,
        )
    result = SweepResult(**counts)
    logger.info("daily sweep %s: %s", today, result)
    _remember(counts)
    return result


LAST_RUN_KEY = "daily-sweep:last-run"  # in the shared cache, for /metrics/


def _remember(counts: dict[str, int]) -> None:
    try:
        cache.set(LAST_RUN_KEY, {"at": time.time(), "counts": counts}, timeout=None)
    except Exception:  # the cache is down: the sweep's work is done all the same
        logger.warning("daily sweep: last run not remembered for /metrics/", exc_info=True)


def last_run() -> dict | None:
    """When the sweep last finished (Unix time) and each step's count then, if known."""
    return cache.get(LAST_RUN_KEY)
