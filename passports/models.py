from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.validators import one_line, plausible_dates
from core.workflow import WorkflowHistory


class Passport(models.Model):
    """A passport held in the agency's custody (L12; Law 49/2019/QH14 on exit and entry)."""

    class Kind(models.TextChoices):
        DIPLOMATIC = "diplomatic", _("Hộ chiếu ngoại giao")
        OFFICIAL = "official", _("Hộ chiếu công vụ")
        ORDINARY = "ordinary", _("Hộ chiếu phổ thông")

    class Status(models.TextChoices):
        IN_CUSTODY = "in_custody", _("Đang lưu giữ")
        HANDED_OUT = "handed_out", _("Đã giao cho người sử dụng")
        LOST = "lost", _("Đã báo mất")
        CANCELLED = "cancelled", _("Đã hủy")
        EXPIRED = "expired", _("Hết hạn")
        # Law 49/2019 Art. 27.3: the holder left the service; the custodian writes to the
        # issuing office, then records the letter (passports.lifecycle).
        TO_INVALIDATE = "to_invalidate", _("Chờ hủy giá trị")
        INVALIDATED = "invalidated", _("Đã hủy giá trị")

    official = models.ForeignKey(
        "agencies.Official",
        verbose_name=_("Người mang hộ chiếu"),
        on_delete=models.PROTECT,
        related_name="passports",
    )
    kind = models.CharField(_("Loại hộ chiếu"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("Số hộ chiếu"), max_length=20, validators=[one_line])
    issued_on = models.DateField(_("Ngày cấp"), validators=plausible_dates(1990))
    expires_on = models.DateField(_("Ngày hết hạn"), validators=plausible_dates(1990))
    status = models.CharField(
        _("Tình trạng"), max_length=20, choices=Status.choices, default=Status.IN_CUSTODY
    )
    storage_location = models.CharField(
        _("Nơi lưu giữ (tủ / ngăn)"), max_length=100, blank=True, validators=[one_line]
    )
    lost_reported_on = models.DateField(_("Ngày báo mất"), null=True, blank=True)

    class Meta:
        ordering = ["official__full_name", "kind"]
        verbose_name = _("Hộ chiếu")
        verbose_name_plural = _("Hộ chiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "number"],
                name="passport_number_unique",
                violation_error_message=_("Số hộ chiếu này đã có trong sổ theo dõi."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="passport_dates_ordered",
                violation_error_message=_("Ngày hết hạn phải sau ngày cấp."),
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"


class CustodyEvent(WorkflowHistory):
    """One movement of a passport. The custody log is the passport's one history (issue 22):
    registration, custody and lifecycle moves, corrections of the register (`edited`, each
    field before → after, which moves no status); never edited or deleted. Status moves are
    written by core.workflow.transition (table: passports.workflow)."""

    subject_field = "passport"

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Tiếp nhận lưu giữ")
        HANDED_OUT = "handed_out", _("Giao hộ chiếu")
        RETURNED = "returned", _("Nhận lại hộ chiếu")
        REPORTED_LOST = "reported_lost", _("Báo mất")
        CANCELLED = "cancelled", _("Hủy")
        EXPIRED = "expired", _("Hết hạn")
        EDITED = "edited", _("Sửa thông tin")
        TRANSFERRED = "transferred", _("Bàn giao sang cơ quan mới")
        TO_INVALIDATE = "to_invalidate", _("Chờ hủy giá trị")
        INVALIDATED = "invalidated", _("Hủy giá trị")

    passport = models.ForeignKey(
        Passport, verbose_name=_("Hộ chiếu"), on_delete=models.PROTECT, related_name="custody_log"
    )
    action = models.CharField(_("Nghiệp vụ"), max_length=20, choices=Action.choices)
    to_status = models.CharField(_("Sang trạng thái"), max_length=20, blank=True, default="")
    trip = models.ForeignKey(
        "trips.TripRequest",
        verbose_name=_("Chuyến đi"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    counterpart = models.CharField(
        _("Người giao / nhận"), max_length=150, blank=True, validators=[one_line]
    )
    due_back_on = models.DateField(_("Hạn nộp lại"), null=True, blank=True)
    is_late = models.BooleanField(_("Nộp lại trễ hạn"), default=False)

    @property
    def is_hand_out(self):
        return self.action == self.Action.HANDED_OUT

    @property
    def is_hand_back(self):
        return self.action == self.Action.RETURNED

    @property
    def has_receipt(self):
        """A hand-over record (biên bản giao nhận) is printed for each hand-out and back."""
        return self.is_hand_out or self.is_hand_back

    class Meta(WorkflowHistory.Meta):
        verbose_name = _("Nhật ký lưu giữ hộ chiếu")
        verbose_name_plural = _("Nhật ký lưu giữ hộ chiếu")


class Handout(models.Model):
    """A passport handed to its holder for an approved trip, until it comes back.

    At most one open hand-out per passport, enforced by the database: two custodians
    handing out the same passport at once cannot both succeed.
    """

    passport = models.ForeignKey(
        Passport, verbose_name=_("Hộ chiếu"), on_delete=models.PROTECT, related_name="handouts"
    )
    trip = models.ForeignKey(
        "trips.TripRequest",
        verbose_name=_("Chuyến đi"),
        on_delete=models.PROTECT,
        related_name="passport_handouts",
    )
    handed_out_on = models.DateField(_("Ngày giao"))
    received_by = models.CharField(_("Người nhận"), max_length=150, validators=[one_line])
    due_back_on = models.DateField(_("Hạn nộp lại"))
    returned_on = models.DateField(_("Ngày nộp lại"), null=True, blank=True)
    returned_late = models.BooleanField(_("Nộp lại trễ hạn"), default=False)

    class Meta:
        ordering = ["-handed_out_on", "-id"]
        verbose_name = _("Lượt giao hộ chiếu")
        verbose_name_plural = _("Các lượt giao hộ chiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["passport"],
                condition=Q(returned_on__isnull=True),
                name="passport_one_open_handout",
                violation_error_message=_("Hộ chiếu này đang được giao, chưa nộp lại."),
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("handed_out_on")),
                name="handout_dates_ordered",
                violation_error_message=_("Ngày nộp lại không được trước ngày giao."),
            ),
        ]

    def __str__(self):
        return f"{self.passport} → {self.trip}"


class PassportLoss(models.Model):
    """What the holder reported of a loss (Law 49/2019 Art. 28.1), for the notice to the
    issuing office (Bộ Ngoại giao) and the immigration department (Bộ Công an). Written once
    by passports.lifecycle.passport_record_loss, never edited."""

    class ReportedBy(models.TextChoices):
        IN_PERSON = "in_person", _("Trực tiếp")
        WRITTEN = "written", _("Bằng văn bản")
        PHONE = "phone", _("Qua điện thoại")
        EMAIL = "email", _("Qua thư điện tử")

    passport = models.OneToOneField(
        Passport, verbose_name=_("Hộ chiếu"), on_delete=models.PROTECT, related_name="loss"
    )
    lost_on = models.DateField(_("Ngày mất"))
    place = models.CharField(_("Nơi mất"), max_length=200, validators=[one_line])
    circumstances = models.TextField(_("Hoàn cảnh mất"))
    reported_on = models.DateField(_("Ngày người mang hộ chiếu báo"))
    reported_by = models.CharField(_("Hình thức báo"), max_length=20, choices=ReportedBy.choices)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("Thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("Báo mất hộ chiếu")
        verbose_name_plural = _("Báo mất hộ chiếu")
        constraints = [
            models.CheckConstraint(
                condition=Q(reported_on__gte=F("lost_on")),
                name="passport_loss_dates_ordered",
                violation_error_message=_("Ngày báo không được trước ngày mất."),
            ),
        ]

    def __str__(self):
        return f"{self.passport} ({self.lost_on:%d/%m/%Y})"


class InvalidationLetter(models.Model):
    """The custodian's letter asking that a departed holder's diplomatic or official passport
    be invalidated (Law 49/2019 Art. 27.3)."""

    passport = models.OneToOneField(
        Passport,
        verbose_name=_("Hộ chiếu"),
        on_delete=models.PROTECT,
        related_name="invalidation_letter",
    )
    number = models.CharField(_("Số công văn"), max_length=50, validators=[one_line])
    dated = models.DateField(_("Ngày công văn"), validators=plausible_dates(1990))
    addressed_to = models.CharField(_("Nơi nhận"), max_length=200, validators=[one_line])
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("Người ghi nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("Thời điểm ghi nhận"), auto_now_add=True)

    class Meta:
        verbose_name = _("Công văn hủy giá trị hộ chiếu")
        verbose_name_plural = _("Công văn hủy giá trị hộ chiếu")

    def __str__(self):
        return f"{self.number} – {self.passport}"


class HolderWarning(models.Model):
    """A warning told to a passport's holder, once: the unique key is claimed before sending."""

    class Kind(models.TextChoices):
        EXPIRING = "expiring", _("Hộ chiếu sắp hết hạn")
        OVERDUE = "overdue", _("Quá hạn nộp lại hộ chiếu")

    passport = models.ForeignKey(
        Passport, verbose_name=_("Hộ chiếu"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("Loại cảnh báo"), max_length=20, choices=Kind.choices)
    # The expiry date, or the hand-out's id: a renewed passport or a new hand-out warns again.
    subject_key = models.CharField(_("Khóa sự kiện"), max_length=40)
    channel = models.CharField(_("Gửi tới"), max_length=200)
    sent_at = models.DateTimeField(_("Thời điểm gửi"), auto_now_add=True)

    class Meta:
        verbose_name = _("Cảnh báo người mang hộ chiếu")
        verbose_name_plural = _("Cảnh báo người mang hộ chiếu")
        constraints = [
            models.UniqueConstraint(
                fields=["passport", "kind", "subject_key"], name="holder_warning_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.passport}"
