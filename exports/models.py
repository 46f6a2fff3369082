from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportJob(models.Model):
    """A large Excel export built by a worker (exports.tasks): who asked, for what (the
    export's name in exports.registry and the page's filters), its progress, its file.

    The file's bytes are kept here, as an import's are (registry.ImportJob): a worker on
    another node hands it to the web without shared storage."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        READY = "ready", _("Đã xong")
        FAILED = "failed", _("Không tạo được")

    name = models.CharField(_("Loại bảng"), max_length=40)
    params = models.JSONField(_("Bộ lọc"), default=dict, blank=True)
    file_name = models.CharField(_("Tên tệp"), max_length=200)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người yêu cầu"),
        on_delete=models.PROTECT,
        related_name="export_jobs",
    )
    created_at = models.DateTimeField(_("Thời điểm yêu cầu"), auto_now_add=True)
    finished_at = models.DateTimeField(_("Thời điểm xong"), null=True, blank=True)
    total_rows = models.PositiveIntegerField(_("Số dòng"), default=0)
    done_rows = models.PositiveIntegerField(_("Số dòng đã ghi"), default=0)
    content = models.BinaryField(_("Nội dung tệp"), default=b"", blank=True)
    error = models.TextField(_("Lỗi"), blank=True)
    # The last sign of life (asked, claimed, progress written, queued again): a RUNNING job
    # silent past EXPORT_STALE_MINUTES lost its worker, and the catch-up queues it again.
    heartbeat_at = models.DateTimeField(_("Dấu hiệu hoạt động cuối"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("Số lần chạy"), default=0)

    class Meta:
        ordering = ["-created_at"]
        # The catch-up's and the backlog's query: jobs waiting or silent, by status.
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="export_waiting")]
        verbose_name = _("Lần xuất Excel")
        verbose_name_plural = _("Các lần xuất Excel")

    def __str__(self):
        return self.file_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.done_rows * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_failed(self) -> bool:
        return self.status == self.Status.FAILED
