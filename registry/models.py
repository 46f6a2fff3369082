from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """One uploaded spreadsheet, from upload through preview to applied.

    The file's bytes are kept here (not in MEDIA_ROOT): a worker on another node reads the
    same bytes without shared storage, and the confirm step applies exactly what was
    previewed, checked by its SHA-256.
    """

    class Kind(models.TextChoices):
        OFFICIALS = "officials", _("Danh sách cán bộ")
        PAST_TRIPS = "past_trips", _("Chuyến đi đã quyết định trước khi dùng hệ thống")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Đã tải lên")
        CHECKING = "checking", _("Đang kiểm tra")
        CHECKED = "checked", _("Đã kiểm tra")
        APPLYING = "applying", _("Đang cập nhật")
        APPLIED = "applied", _("Đã cập nhật")
        FAILED = "failed", _("Không thực hiện được")

    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.UPLOADED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tải lên"),
        on_delete=models.PROTECT,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(_("Thời điểm tải lên"), auto_now_add=True)
    file_name = models.CharField(_("Tên tệp"), max_length=200)
    content = models.BinaryField(_("Nội dung tệp"))
    sha256 = models.CharField(_("Mã băm SHA-256"), max_length=64)
    total_rows = models.PositiveIntegerField(_("Số dòng"), default=0)
    processed_rows = models.PositiveIntegerField(_("Số dòng đã xử lý"), default=0)
    # What the check found: {"rows": [...], "counts": {...}, "errors": n} (registry.services).
    report = models.JSONField(_("Kết quả kiểm tra"), default=dict, blank=True)
    error = models.TextField(_("Lỗi"), blank=True)
    applied_at = models.DateTimeField(_("Thời điểm cập nhật"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Lần nhập bảng tính")
        verbose_name_plural = _("Các lần nhập bảng tính")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.file_name}"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)

    @property
    def is_running(self) -> bool:
        return self.status in {self.Status.UPLOADED, self.Status.CHECKING, self.Status.APPLYING}
