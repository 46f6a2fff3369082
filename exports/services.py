"""An export's life: small ones answered at once, large ones built by a worker with progress.

Each change of a job's state is one short transaction on its row; the row itself is the
record of who exported what and when.

A worker that dies mid-build (killed, out of memory, its node lost) leaves its job RUNNING:
the job's heartbeat (written with its progress) goes silent, and the catch-up
(portal.catch_up) queues it again after EXPORT_STALE_MINUTES, at most EXPORT_MAX_ATTEMPTS
runs in all, then marks it FAILED with a message the page shows beside "ask again". Every
change of status is a conditional UPDATE on the status it expects, so two catch-ups queue a
job once and two workers never build it at once; a worker taken over (silent, not dead)
finds its job no longer its own and drops its work.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.queueing import enqueue
from exports import registry
from exports.models import ExportJob

logger = logging.getLogger(__name__)

# Up to this many rows the export is built in the request (well under a second); beyond it,
# by a worker, so that no export meets gunicorn's 60 s timeout.
SYNC_MAX_ROWS = 3000
PROGRESS_EVERY = 500  # rows between two progress writes
FAILED = _("Không tạo được tệp Excel. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị viên.")
GAVE_UP = _(
    "Không tạo được tệp Excel: máy chủ tạo tệp đã dừng giữa chừng %(attempts)s lần. "
    "Bấm “Yêu cầu lại” để tạo lại; nếu vẫn lỗi, báo quản trị viên."
)
Status = ExportJob.Status


def start(*, actor, name: str, params: dict, file_name: str, total: int) -> ExportJob:
    """A queued job; its task is queued after the commit (or run here, without a broker)."""
    registry.get(name)  # an unknown export is a programming error, raised here
    with transaction.atomic():
        job = ExportJob.objects.create(
            name=name, params=params, file_name=file_name, created_by=actor, total_rows=total
        )
        transaction.on_commit(lambda: queue(job.pk))
    logger.info("export %s queued: %s rows of %s for user %s", job.pk, total, name, actor.pk)
    return job


def queue(job_id: int) -> bool:
    from exports.tasks import build_export

    return enqueue(
        build_export, job_id, what=f"export job {job_id}", later="the user may ask again"
    )


def _stale_before(now) -> dt.datetime:
    return now - dt.timedelta(minutes=settings.EXPORT_STALE_MINUTES)


def _claim(job_id: int) -> ExportJob | None:
    """The job, now RUNNING for this worker; None if another took it or it is not queued."""
    claimed = ExportJob.objects.filter(pk=job_id, status=Status.QUEUED).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    return ExportJob.objects.defer("content").select_related("created_by").get(pk=job_id)


def build(job_id: int) -> None:
    """Build a queued job's workbook; safe to run twice (a job is claimed once)."""
    job = _claim(job_id)
    if job is None:
        return
    # This run's own job: still RUNNING and not claimed again since (taken over as silent).
    mine = ExportJob.objects.filter(pk=job_id, status=Status.RUNNING, attempts=job.attempts)

    def progress(done: int) -> None:
        mine.update(done_rows=done, heartbeat_at=timezone.now())

    try:
        with registry.get(job.name).build(job.created_by, job.params, progress) as out:
            content = out.read()
    except Exception:
        logger.exception("export job %s failed", job_id)
        mine.update(status=Status.FAILED, error=str(FAILED), finished_at=timezone.now())
        return
    done = mine.update(
        status=Status.READY,
        content=content,
        done_rows=job.total_rows,
        heartbeat_at=timezone.now(),
        finished_at=timezone.now(),
    )
    if not done:
        logger.warning("export job %s was taken over while this run built it: dropped", job_id)
        return
    logger.info("export job %s ready: %s bytes", job_id, len(content))


def waiting(now: dt.datetime | None = None):
    """Jobs a worker should be building: queued, or running with a silent heartbeat."""
    now = now or timezone.now()
    return ExportJob.objects.filter(
        Q(status=Status.QUEUED) | Q(status=Status.RUNNING, heartbeat_at__lt=_stale_before(now))
    )


def waiting_ids(now: dt.datetime, limit: int) -> list[int]:
    """The catch-up's: queued or silent for longer than EXPORT_STALE_MINUTES (a queued job
    younger than that may still have its task on the way)."""
    rows = waiting(now).filter(heartbeat_at__lt=_stale_before(now))
    return list(rows.order_by("pk").values_list("pk", flat=True)[:limit])


def requeue(job_id: int, now: dt.datetime | None = None) -> bool:
    """Queue again a job whose task was lost or whose worker went silent; a silent one that
    ran EXPORT_MAX_ATTEMPTS times is FAILED instead. Whether it was queued."""
    now = now or timezone.now()
    silent = ExportJob.objects.filter(
        pk=job_id, status=Status.RUNNING, heartbeat_at__lt=_stale_before(now)
    )
    limit = settings.EXPORT_MAX_ATTEMPTS
    if silent.filter(attempts__gte=limit).update(
        status=Status.FAILED, error=GAVE_UP % {"attempts": limit}, finished_at=now
    ):
        logger.error("export job %s given up: its worker stopped %s times", job_id, limit)
        return False
    # This catch-up's claim: RUNNING → QUEUED for a silent worker, or a fresh heartbeat for a
    # queued job whose task was lost. A second catch-up at the same time updates nothing.
    lost = ExportJob.objects.filter(
        pk=job_id, status=Status.QUEUED, heartbeat_at__lt=_stale_before(now)
    )
    if silent.update(status=Status.QUEUED, done_rows=0, heartbeat_at=now):
        logger.warning("export job %s: its worker went silent; queued again", job_id)
    elif not lost.update(heartbeat_at=now):
        return False
    return queue(job_id)


def ask_again(*, job: ExportJob, actor) -> ExportJob:
    """A failed job asked for once more: a new job, its rows counted again (they may have
    changed), the failed one kept as the record of what happened."""
    total = registry.get(job.name).count(actor, job.params)
    return start(
        actor=actor, name=job.name, params=job.params, file_name=job.file_name, total=total
    )
