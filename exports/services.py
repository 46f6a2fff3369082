"""An export's life: small ones answered at once, large ones built by a worker with progress.

Each change of a job's state is one short transaction on its row; the row itself is the
record of who exported what and when."""

import logging

from django.db import transaction
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


def build(job_id: int) -> None:
    """Build a queued job's workbook; safe to run twice (a job is claimed once)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != ExportJob.Status.QUEUED:
            return
        job.status = ExportJob.Status.RUNNING
        job.save(update_fields=["status"])

    def progress(done: int) -> None:
        ExportJob.objects.filter(pk=job_id).update(done_rows=done)

    try:
        with registry.get(job.name).build(job.created_by, job.params, progress) as out:
            content = out.read()
    except Exception:
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(
            status=ExportJob.Status.FAILED, error=str(FAILED), finished_at=timezone.now()
        )
        return
    ExportJob.objects.filter(pk=job_id).update(
        status=ExportJob.Status.READY,
        content=content,
        done_rows=job.total_rows,
        finished_at=timezone.now(),
    )
    logger.info("export job %s ready: %s bytes", job_id, len(content))
