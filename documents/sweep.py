"""The documents' step of the daily sweep (`portal.sweep` runs the steps): registered
documents still without their file, because the broker was down when their move committed
or the task failed, rendered here, in this process (no broker needed), a batch at a time.
Safe to run twice, or beside a worker: a rendered row is never rendered again."""

import datetime as dt
import logging

from django.utils import timezone

from documents.issuing import render_issued
from documents.models import IssuedDocument

logger = logging.getLogger(__name__)

BATCH = 50
# A row younger than this may still have its task on the way: left to the task.
GRACE = dt.timedelta(minutes=2)


def left_to_its_task(row: IssuedDocument) -> bool:
    """Whether an unrendered row is still young enough for its task to make it (the sweep
    takes the older ones)."""
    return timezone.now() - row.created_at < GRACE


def unrendered_ids(*, after: int = 0, limit: int = BATCH) -> list[int]:
    cutoff = timezone.now() - GRACE
    rows = IssuedDocument.objects.filter(
        rendered_at__isnull=True, content__isnull=False, created_at__lt=cutoff, pk__gt=after
    )
    return list(rows.order_by("pk").values_list("pk", flat=True)[:limit])


def render_unrendered() -> int:
    """Render every row still waiting; returns how many were rendered. One that fails is
    logged and left for the next sweep, and the run goes on."""
    rendered, last = 0, 0
    while batch := unrendered_ids(after=last):
        for pk in batch:
            try:
                rendered += render_issued(pk)
            except Exception:
                logger.exception("issued document %s could not be rendered; next sweep", pk)
        last = batch[-1]
    return rendered


def sweep_documents(today: dt.date) -> dict[str, int]:
    return {"documents_rendered": render_unrendered()}
