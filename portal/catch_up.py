"""The catch-up (every CATCH_UP_MINUTES from the beat): work that could not be queued
(the broker was down) or whose task was lost (a worker died) is queued again, within minutes
of the broker's return instead of at the next 07:30 sweep.

What it re-queues and why that sends nothing twice: emails never claimed, or claimed long
ago (core.tasks: the task claims its row with a conditional UPDATE); documents still without
their file after two minutes (documents.issuing renders a row once, under a row lock);
uploaded imports whose check never started (registry: the check claims UPLOADED → CHECKING);
large exports whose task was lost or whose worker went silent (exports.services: the
catch-up claims the job back with a conditional UPDATE, the worker claims QUEUED → RUNNING).
With nothing to do it costs four indexed queries.
"""

import datetime as dt
import logging

from django.utils import timezone

from core.notifications import queue_email
from core.tasks import unsent_notification_ids
from documents.sweep import unrendered_ids
from documents.tasks import queue_render
from exports import services as exports
from registry.models import ImportJob
from registry.services import queue_check

logger = logging.getLogger(__name__)

BATCH = 500  # per kind and run: a long outage's backlog drains over a few runs
IMPORT_GRACE = dt.timedelta(minutes=2)  # an upload's own task may still be on its way


def _waiting_imports(now) -> list[int]:
    rows = ImportJob.objects.filter(
        status=ImportJob.Status.UPLOADED, created_at__lt=now - IMPORT_GRACE
    )
    return list(rows.order_by("pk").values_list("pk", flat=True)[:BATCH])


def catch_up() -> dict[str, int]:
    """Queue again what waits; returns how many of each were queued."""
    now = timezone.now()
    waiting = {
        "emails": (queue_email, unsent_notification_ids(now)[:BATCH]),
        "documents": (queue_render, unrendered_ids(limit=BATCH)),
        "imports": (queue_check, _waiting_imports(now)),
        "exports": (lambda pk: exports.requeue(pk, now), exports.waiting_ids(now, BATCH)),
    }
    counts = {kind: sum(queue(pk) for pk in ids) for kind, (queue, ids) in waiting.items()}
    if any(ids for _queue, ids in waiting.values()):
        logger.info("catch-up queued %s", counts)
    return counts
