import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import AppendOnlyModel
from core.search import fold
from core.validators import one_line, plausible_dates


class Agency(models.Model):
    """A cơ quan, đơn vị or địa phương of the province (a department, a ward or commune...)."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành")
        COMMUNE = "commune", _("Phường, xã, đặc khu")
        OTHER = "other", _("Đơn vị khác")

    code = models.SlugField(_("Mã"), max_length=30, unique=True)
    name = models.CharField(_("Tên"), max_length=200, validators=[one_line])
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Cơ quan cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_active = models.BooleanField(_("Đang hoạt động"), default=True)
    # Its symbol and number series are its issuing body's (authority.Body, issue 23).
    history = HistoricalRecords(verbose_name=_("Lịch sử cơ quan, đơn vị"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("Cơ quan, đơn vị")
        verbose_name_plural = _("Cơ quan, đơn vị")

    def __str__(self):
        return self.name


class LeavingReason(models.TextChoices):
    RETIREMENT = "retirement", _("Nghỉ hưu")
    RESIGNATION = "resignation", _("Thôi việc")
    DISMISSAL = "dismissal", _("Buộc thôi việc")


class Official(models.Model):
    """A cán bộ, công chức, viên chức of an agency: the person who travels."""

    class ManagementLevel(models.TextChoices):
        # Who manages the official's cadre file decides how long the approval chain is
        # (approvals.chain): diện Ban Thường vụ Tỉnh ủy quản lý needs the Party committee's opinion.
        STANDING_COMMITTEE = "standing_committee", _("Diện Ban Thường vụ Tỉnh ủy quản lý")
        PROVINCE = "province", _("Diện UBND tỉnh quản lý")
        AGENCY = "agency", _("Cơ quan, đơn vị quản lý")

    class Gender(models.TextChoices):
        MALE = "male", _("Nam")
        FEMALE = "female", _("Nữ")

    class LeaveBase(models.IntegerChoices):
        # Labor Code 2019, Art. 113: normal, heavy/hazardous, especially heavy work.
        NORMAL = 12, _("12 ngày (điều kiện bình thường)")
        HEAVY = 14, _("14 ngày (nặng nhọc, độc hại)")
        ESPECIALLY_HEAVY = 16, _("16 ngày (đặc biệt nặng nhọc, độc hại)")

    agency = models.ForeignKey(
        Agency, verbose_name=_("Cơ quan"), on_delete=models.PROTECT, related_name="officials"
    )
    full_name = models.CharField(_("Họ và tên"), max_length=150, validators=[one_line])
    # The name as searches compare it (core.search.fold), kept by save() and the import:
    # "nguyen van anh" finds "Nguyễn Văn Ánh" alike on SQLite and PostgreSQL.
    name_folded = models.CharField(max_length=150, editable=False, default="")
    # Mã cán bộ in the HR register (sổ quản lý cán bộ): the stable key of the spreadsheet
    # import. Empty for officials typed in before the import existed.
    personnel_code = models.CharField(
        _("Mã cán bộ"),
        max_length=30,
        unique=True,
        null=True,
        blank=True,
        validators=[one_line],
    )
    gender = models.CharField(_("Giới tính"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(
        _("Ngày sinh"), null=True, blank=True, validators=plausible_dates(1920)
    )
    position = models.CharField(_("Chức vụ"), max_length=150, blank=True, validators=[one_line])
    # lãnh đạo chủ chốt: two of one agency may never be abroad at the same time (L6).
    is_key_leader = models.BooleanField(_("Lãnh đạo chủ chốt"), default=False)
    leave_base_days = models.PositiveSmallIntegerField(
        _("Số ngày phép cơ bản"), choices=LeaveBase.choices, default=LeaveBase.NORMAL
    )
    service_start_date = models.DateField(
        _("Ngày bắt đầu công tác trong khu vực nhà nước"), validators=plausible_dates(1950)
    )
    email = models.EmailField(_("Thư điện tử"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Tài khoản đăng nhập"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    is_active = models.BooleanField(_("Đang công tác"), default=True)
    # Nghỉ hưu, thôi việc, buộc thôi việc: set by agencies.services.official_leave only.
    left_on = models.DateField(_("Nghỉ công tác từ ngày"), null=True, blank=True)
    leaving_reason = models.CharField(
        _("Lý do nghỉ công tác"), max_length=20, choices=LeavingReason.choices, blank=True
    )

    history = HistoricalRecords(verbose_name=_("Lịch sử cán bộ, công chức"))
    management_level = models.CharField(
        _("Diện quản lý"),
        max_length=20,
        choices=ManagementLevel.choices,
        default=ManagementLevel.AGENCY,
    )

    class Meta:
        ordering = ["agency__name", "full_name"]
        verbose_name = _("Cán bộ, công chức")
        verbose_name_plural = _("Cán bộ, công chức")
        constraints = [
            models.CheckConstraint(
                condition=Q(leave_base_days__in=[12, 14, 16]),
                name="official_leave_base_valid",
                violation_error_message=_("Số ngày phép cơ bản phải là 12, 14 hoặc 16."),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "is_key_leader"]),
            # The member filter's search-as-you-type walks names in order, 20 at a time.
            models.Index(fields=["full_name", "id"], name="official_name_idx"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_folded"}
        super().save(*args, **kwargs)

    @property
    def autocomplete_label(self) -> str:
        """Namesakes told apart in the admin's autocompletes: agency and personnel code."""
        code = f" · {self.personnel_code}" if self.personnel_code else ""
        return f"{self.full_name} ({self.agency.name}{code})"

    @property
    def honorific_name(self):
        """'Ông Nguyễn Văn A' / 'Bà Trần Thị B', as official letters name people."""
        titles = {self.Gender.MALE: _("Ông"), self.Gender.FEMALE: _("Bà")}
        if self.gender not in titles:  # not recorded (the API does not require it)
            return self.full_name
        return f"{titles[self.gender]} {self.full_name}"

    def leave_entitlement(self, year: int) -> int:
        """Annual leave in working days for `year` (Labor Code 2019 Art. 113–114).

        The base (12/14/16) plus one day per full 5 years of state service completed by
        1 January of that year.
        """
        return self.leave_base_days + full_five_year_spans(self.service_start_date, year)


def full_five_year_spans(service_start: dt.date, year: int) -> int:
    reference = dt.date(year, 1, 1)
    if service_start >= reference:
        return 0
    years = reference.year - service_start.year
    if (reference.month, reference.day) < (service_start.month, service_start.day):
        years -= 1
    return years // 5


class DisciplinaryReview(models.Model):
    """A Party or administrative discipline review: while open, nobody may go abroad (L10)."""

    class Kind(models.TextChoices):
        PARTY = "party", _("Kỷ luật Đảng")
        ADMINISTRATIVE = "administrative", _("Kỷ luật hành chính")

    official = models.ForeignKey(
        Official,
        verbose_name=_("Cán bộ"),
        on_delete=models.PROTECT,
        related_name="discipline_reviews",
    )
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    opened_on = models.DateField(_("Ngày bắt đầu xem xét"), validators=plausible_dates(1990))
    closed_on = models.DateField(
        _("Ngày kết thúc"), null=True, blank=True, validators=plausible_dates(1990)
    )
    note = models.TextField(_("Ghi chú"), blank=True)

    history = HistoricalRecords(verbose_name=_("Lịch sử xem xét kỷ luật"))

    class Meta:
        ordering = ["-opened_on"]
        verbose_name = _("Xem xét kỷ luật")
        verbose_name_plural = _("Xem xét kỷ luật")
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="discipline_review_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu xem xét."),
            ),
        ]

    def __str__(self):
        return f"{self.official} – {self.get_kind_display()} ({self.opened_on:%d/%m/%Y})"


class Transfer(AppendOnlyModel):
    """An official moved to another agency (điều động, luân chuyển) from a date. Never edited:
    a mistaken transfer is undone by another transfer back."""

    official = models.ForeignKey(
        Official, verbose_name=_("Cán bộ"), on_delete=models.PROTECT, related_name="transfers"
    )
    from_agency = models.ForeignKey(
        Agency, verbose_name=_("Từ cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        Agency, verbose_name=_("Đến cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    effective_on = models.DateField(_("Ngày có hiệu lực"))

    class Meta(AppendOnlyModel.Meta):
        ordering = ["-effective_on", "-id"]
        verbose_name = _("Điều chuyển cán bộ")
        verbose_name_plural = _("Điều chuyển cán bộ")

    def __str__(self):
        return (
            f"{self.official}: {self.from_agency} → {self.to_agency} ({self.effective_on:%d/%m/%Y})"
        )
