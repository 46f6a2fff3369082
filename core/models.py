from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import render_remembered


class CalendarOverride(models.Model):
    """A day the government declared differently from the `holidays` library.

    It wins over the library: a compensatory day off (is_working_day=False) or a make-up
    Saturday (is_working_day=True), as announced each year by Văn phòng Chính phủ.
    """

    date = models.DateField(_("Ngày"), unique=True)
    is_working_day = models.BooleanField(_("Là ngày làm việc"))
    note = models.CharField(_("Ghi chú / căn cứ"), max_length=300, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("Lịch làm việc điều chỉnh")

    def __str__(self):
        kind = _("làm việc") if self.is_working_day else _("nghỉ")
        return f"{self.date:%d/%m/%Y} ({kind})"


class Notification(models.Model):
    """An in-app notice to one person, and whether its email has gone out.

    The row is written in the same transaction as the change it reports; the email is sent by
    a task after commit, which first claims the row (email_claimed_at) and marks it sent
    (emailed_at) afterwards, so that a retried or duplicated task never sends twice; a claim
    left stale by a crashed worker is taken up again by the daily sweep. A person without a
    login (a passport's holder known by an email address only) gets the email alone:
    `address` instead of `recipient`, sent and retried the same way.
    """

    recipient = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
        null=True,
        blank=True,
    )
    address = models.EmailField(_("Địa chỉ thư"), blank=True)
    subject = models.CharField(_("Tiêu đề"), max_length=255)
    # The subject's source text and parameters (core.i18n): the page shows it in the reader's
    # language; `subject` (the writer's language) is the email's and old rows' text.
    subject_template = models.CharField(max_length=255, blank=True, editable=False)
    subject_params = models.JSONField(null=True, blank=True, editable=False)
    body = models.TextField(_("Nội dung"))
    url = models.CharField(_("Đường dẫn"), max_length=255, blank=True)
    # What the notice is about, so the same event never notifies the same person twice.
    event_key = models.CharField(_("Sự kiện"), max_length=100)
    created_at = models.DateTimeField(_("Thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("Đã đọc lúc"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("Bắt đầu gửi thư lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Thông báo")
        verbose_name_plural = _("Thông báo")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"], name="notification_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["address", "event_key"],
                condition=models.Q(recipient__isnull=True),
                name="notification_once_per_address_event",
            ),
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(address=""),
                name="notification_has_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["emailed_at", "email_claimed_at"]),
        ]

    def __str__(self):
        return self.subject

    @property
    def email_to(self) -> str:
        return self.recipient.email if self.recipient_id else self.address

    @property
    def subject_text(self) -> str:
        """The subject in the active language."""
        return render_remembered(self.subject_template, self.subject_params, self.subject)
