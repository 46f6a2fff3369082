from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.workflow import WorkflowHistory


class PostTripReport(models.Model):
    """Báo cáo kết quả chuyến đi: due within 7 working days after return (L11)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")
        RETURNED = "returned", _("Trả lại để bổ sung")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    trip = models.OneToOneField(
        "trips.TripRequest",
        verbose_name=_("Chuyến đi"),
        on_delete=models.PROTECT,
        related_name="report",
    )
    due_on = models.DateField(_("Hạn nộp"))
    status = models.CharField(
        _("Trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    summary = models.TextField(_("Tóm tắt kết quả"), blank=True)
    outcomes = models.TextField(_("Kết quả so với mục đích"), blank=True)
    agreements = models.TextField(
        _("Văn bản đã ký kết (nếu có) và chủ trương làm căn cứ"), blank=True
    )
    follow_up = models.TextField(_("Đề xuất, kiến nghị"), blank=True)
    actual_cost_vnd = models.PositiveBigIntegerField(
        _("Kinh phí thực tế (đồng)"), null=True, blank=True
    )
    submitted_at = models.DateTimeField(_("Ngày nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người nộp"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    working_days_late = models.PositiveSmallIntegerField(_("Số ngày làm việc trễ hạn"), default=0)
    accepted_at = models.DateTimeField(_("Ngày tiếp nhận"), null=True, blank=True)
    # The next day the daily sweep has a reminder for this report (empty until it first looks):
    # the sweep reads only the reports due, not every open one (reports/sweep.py).
    next_reminder_on = models.DateField(
        _("Ngày nhắc tiếp theo"), null=True, blank=True, editable=False
    )

    OPEN_STATUSES = (Status.DRAFT, Status.RETURNED)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("Báo cáo kết quả chuyến đi")
        verbose_name_plural = _("Báo cáo kết quả chuyến đi")
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_cost_vnd__isnull=True) | Q(actual_cost_vnd__gte=0),
                name="report_actual_cost_not_negative",
                violation_error_message=_("Kinh phí thực tế không được âm."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_reminder_on"],
                condition=Q(status__in=["draft", "returned"]),
                name="report_next_reminder_open",
            )
        ]

    def __str__(self):
        return _("Báo cáo: %(trip)s") % {"trip": self.trip}


class ReportTransition(WorkflowHistory):
    """One status change of a report (its transition table: reports.workflow); `from_label`
    and `to_label` come from the table."""

    subject_field = "report"

    report = models.ForeignKey(
        PostTripReport, verbose_name=_("Báo cáo"), on_delete=models.PROTECT, related_name="history"
    )

    class Meta(WorkflowHistory.Meta):
        verbose_name = _("Lịch sử báo cáo")
        verbose_name_plural = _("Lịch sử báo cáo")
