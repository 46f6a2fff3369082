"""Work waiting for a worker: emails not sent yet, documents not rendered yet and large
exports queued or silent (exports.services.waiting), counted with the age of the oldest. /metrics/ shows them; /healthz/ says "degraded" when the oldest
is older than BACKLOG_ALERT_MINUTES (the catch-up should have taken it long before)."""

import dataclasses
import datetime as dt

from django.db.models import Count, Min
from django.utils import timezone

from core.models import Notification
from documents.models import IssuedDocument
from exports.services import waiting as exports_waiting


@dataclasses.dataclass(frozen=True)
class Waiting:
    count: int
    oldest_seconds: float  # 0 when nothing waits


def _waiting(rows, now, since="created_at") -> Waiting:
    found = rows.aggregate(count=Count("pk"), oldest=Min(since))
    age = (now - found["oldest"]).total_seconds() if found["oldest"] else 0.0
    return Waiting(found["count"], max(age, 0.0))


def backlog(now: dt.datetime | None = None) -> dict[str, Waiting]:
    """Three aggregate queries on indexed columns."""
    now = now or timezone.now()
    return {
        # A recipient without an address gets no email: not waiting (core.tasks).
        "emails": _waiting(
            Notification.objects.filter(emailed_at__isnull=True, recipient__email__gt=""), now
        ),
        "documents": _waiting(
            IssuedDocument.objects.filter(rendered_at__isnull=True, content__isnull=False), now
        ),
        # An export's age is its silence: since it was asked or queued again, or since its
        # worker last wrote progress.
        "exports": _waiting(exports_waiting(now), now, since="heartbeat_at"),
    }
