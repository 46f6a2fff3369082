"""An import's life: upload → check (a task, with progress) → confirm → applied, or nothing.

The kinds of import (officials, past trips) each give their columns, a `check_rows` that
writes nothing and an `apply_rows`; this module keeps the file, its hash and the report.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.validators import single_line
from registry import officials, past_trips, spreadsheet
from registry.models import ImportJob

KINDS = {ImportJob.Kind.OFFICIALS: officials, ImportJob.Kind.PAST_TRIPS: past_trips}
Status = ImportJob.Status
# Rows kept in the report for the preview; the counts always cover every row.
REPORT_MAX_ROWS = 5000
# What the check decided for a row, as the page prints it (the report stores the code).
ROW_ACTIONS = {
    "create": gettext_lazy("Thêm mới"),
    "change": gettext_lazy("Thay đổi"),
    "unchanged": gettext_lazy("Giữ nguyên"),
    "error": gettext_lazy("Lỗi"),
}


def may_import(user) -> bool:
    """Officials are master data: administrators manage them (accounts/roles.py); past
    decisions are recorded by administrators alone (trip_record_past)."""
    return user.is_authenticated and user.is_administrator


def _require(actor):
    if not may_import(actor):
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới được nhập dữ liệu từ bảng tính."))


def report_rows(report: dict) -> list[dict]:
    """The report's rows, each with the label of what the check decided for it."""
    return [{**row, "action_label": ROW_ACTIONS[row["action"]]} for row in report.get("rows", [])]


def import_job_create(*, actor, kind: str, upload) -> ImportJob:
    """Keep the uploaded file and queue its check (after commit)."""
    _require(actor)
    content = _read(upload)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            created_by=actor,
            file_name=single_line(upload.name or "")[:200],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
        )
        transaction.on_commit(lambda: queue_check(job.pk))
    return job


def queue_check(job_id: int) -> bool:
    """Queue the check of an uploaded file; with the broker down the upload is kept and the
    catch-up (portal.catch_up) queues it again."""
    from core.queueing import enqueue
    from registry.tasks import check_import  # tasks import this module

    return enqueue(
        check_import, job_id, what=f"check of import {job_id}", later="the catch-up will queue it"
    )


def _read(upload) -> bytes:
    from django.conf import settings

    if upload.size > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    return upload.read()


def import_job_check(*, job_id: int) -> None:
    """The task's body: check every row, store the report. Safe to run twice (a job already
    checked or applied is left alone)."""
    claimed = ImportJob.objects.filter(pk=job_id, status=Status.UPLOADED).update(
        status=Status.CHECKING, processed_rows=0
    )
    if not claimed:
        return
    job = ImportJob.objects.get(pk=job_id)
    module = KINDS[job.kind]
    try:
        rows = spreadsheet.read_rows(bytes(job.content), job.file_name, module.COLUMNS)
    except ValidationError as error:
        ImportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED, error=" ".join(error.messages)
        )
        return
    ImportJob.objects.filter(pk=job_id).update(total_rows=len(rows))

    def progress(done):
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done)

    try:
        results = module.check_rows(rows, progress=progress, actor=job.created_by)
    except Exception:
        # Never left "checking" for ever (the page would poll on): failed, and logged above.
        ImportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED, error=_("Lỗi hệ thống khi kiểm tra tệp; hãy thử lại.")
        )
        raise
    ImportJob.objects.filter(pk=job_id).update(
        status=Status.CHECKED, processed_rows=len(rows), report=_report(module, results)
    )


def _report(module, results) -> dict:
    shown = [r for r in results if r.action != "unchanged"]
    shown.sort(key=lambda r: (r.action != "error", r.line))
    return {
        "counts": module.counts(results),
        "rows": [r.as_dict() for r in shown[:REPORT_MAX_ROWS]],
        "hidden_rows": max(0, len(shown) - REPORT_MAX_ROWS),
    }


def import_job_apply(*, actor, job: ImportJob, sha256: str) -> dict:
    """Apply what the preview showed, in one transaction, or nothing.

    The file is the one previewed (its hash, as the confirm form sent it); the rows are
    checked again under the transaction, and if the database moved since the preview so that
    the outcome differs, nothing is applied and the administrator checks again."""
    _require(actor)
    module = KINDS[job.kind]
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != Status.CHECKED:
            raise ValidationError(_("Lần nhập này không ở trạng thái chờ xác nhận."))
        content = bytes(job.content)
        if sha256 != job.sha256 or hashlib.sha256(content).hexdigest() != job.sha256:
            raise ValidationError(_("Tệp không còn đúng tệp đã kiểm tra: hãy tải lên lại."))
        if job.report["counts"]["errors"]:
            raise ValidationError(_("Tệp còn dòng lỗi: sửa tệp rồi tải lên lại."))
        rows = spreadsheet.read_rows(content, job.file_name, module.COLUMNS)
        results = module.check_rows(rows, actor=actor)
        if module.counts(results) != job.report["counts"]:
            job.status, job.error = (
                Status.FAILED,
                _("Dữ liệu đã thay đổi từ khi kiểm tra: hãy tải tệp lên và kiểm tra lại."),
            )
            job.save(update_fields=["status", "error"])
            return {}
        counts = module.apply_rows(results, actor=actor)
        job.status, job.applied_at = Status.APPLIED, timezone.now()
        job.save(update_fields=["status", "applied_at"])
    return counts


def import_now(*, actor, kind: str, upload, dry_run: bool) -> tuple[dict, list]:
    """The API's bulk upsert: check and (unless a dry run or any row is in error) apply, in
    one request and one transaction. The job is kept as the record of who imported what."""
    _require(actor)
    module = KINDS[kind]
    content = _read(upload)
    rows = spreadsheet.read_rows(content, upload.name or "", module.COLUMNS)
    with transaction.atomic():
        results = module.check_rows(rows, actor=actor)
        counts = module.counts(results)
        errors = [r.as_dict() for r in results if r.action == "error"]
        applied = not dry_run and not errors
        if applied:
            module.apply_rows(results, actor=actor)
        ImportJob.objects.create(
            kind=kind, created_by=actor, file_name=(upload.name or "")[:200], content=content,
            sha256=hashlib.sha256(content).hexdigest(), total_rows=len(rows),
            processed_rows=len(rows), report=_report(module, results),
            status=Status.APPLIED if applied else Status.CHECKED,
            applied_at=timezone.now() if applied else None,
        )  # fmt: skip
    return {**counts, "applied": applied}, errors
