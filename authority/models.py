"""The competent authority as data (issue 23, AUTHORITY.md): the bodies that issue decisions,
the positions people hold in them, and per management level who takes each step of the chain.

Which body decides for which officials is the province's decentralisation, set by the
administrator (API `authorities/`, the admin), never code: `approvals.chain` reads it when a
request is submitted and stores the result with the request.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from authority.headers import parent_line
from authority.symbols import validate_symbol
from core.history import AppendOnlyModel
from core.validators import one_line


class BodyQuerySet(models.QuerySet):
    def province(self):
        """The People's Committee (ủy ban nhân dân tỉnh): the body every other sits under."""
        return self.get(code=Body.PROVINCE)

    def department(self):
        """The Department of Home Affairs (Sở Nội vụ): it appraises, it keeps the passports."""
        return self.get(code=Body.DEPARTMENT)


class Body(models.Model):
    """An issuing body (cơ quan ban hành): its short symbol is the part after "QĐ-" in every
    number it issues and the key of its own yearly number series (one unique column: two
    bodies can never share a series)."""

    PROVINCE, DEPARTMENT = "province", "department"

    # A stable key for the code ("province", "department", "agency-<code>"); the symbol is
    # the administrator's to change.
    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên"), max_length=200, validators=[one_line])
    symbol = models.CharField(
        _("Ký hiệu"),
        max_length=12,
        unique=True,
        validators=[validate_symbol],
        help_text=_("Viết tắt tên cơ quan trong số, ký hiệu văn bản, ví dụ SNgV. Không trùng."),
        error_messages={"unique": _("Ký hiệu này đã được cơ quan khác sử dụng.")},
    )
    # The lines of the body's name in a document's header (Decree 30, Appendix I), one a line;
    # blank: the name.
    header = models.TextField(_("Tên in ở tiêu đề văn bản"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Cơ quan chủ quản"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("Cơ quan, đơn vị"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="body",
    )

    # The body's own key, which signs for its seal (AUTHORITY.md: the issuing body's signature,
    # not the People's Committee's): a key in the configured PKCS#11 token, found by its label,
    # or a PKCS#12 the administrator uploads, kept encrypted (documents/body_key.py). Set only
    # through documents.body_key.key_set, which writes the audit row.
    class KeySource(models.TextChoices):
        NONE = "", _("Chưa có khóa ký số")
        PKCS11 = "pkcs11", _("Khóa trong thiết bị ký số (PKCS#11)")
        PKCS12 = "pkcs12", _("Tệp PKCS#12 tải lên")

    key_source = models.CharField(
        _("Khóa ký số của cơ quan"),
        max_length=10,
        choices=KeySource.choices,
        blank=True,
        default="",
        editable=False,
    )
    key_label = models.CharField(
        _("Nhãn khóa trong thiết bị ký số"), max_length=100, blank=True, editable=False
    )
    # Fernet-encrypted (documents.credentials), never shown: the PKCS#12 and its password.
    key_pkcs12 = models.BinaryField(null=True, blank=True, editable=False)
    key_password = models.TextField(blank=True, editable=False)
    # Whose certificate it is, read when it was set (shown to the administrator).
    key_subject = models.CharField(
        _("Chứng thư số của cơ quan"), max_length=300, blank=True, editable=False
    )

    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("Cơ quan ban hành")
        verbose_name_plural = _("Cơ quan ban hành")

    def __str__(self):
        return f"{self.name} ({self.symbol})"

    @property
    def header_lines(self) -> list[str]:
        lines = [line.strip() for line in self.header.splitlines() if line.strip()]
        return lines or [self.name]

    @property
    def as_parent_line(self) -> str:
        """Printed over the header of a body under it (authority.headers)."""
        return parent_line(self.header_lines)


class PositionQuerySet(models.QuerySet):
    def held_on(self, day):
        """Positions with an active holder on `day`."""
        return self.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day),
            starts_on__lte=day,
            holder__isnull=False,
            holder__is_active=True,
        )


class Position(models.Model):
    """A post in a body (chức vụ) and who holds it: positions, not roles, take the chain's
    steps and sign (AUTHORITY.md, "Signing capacity")."""

    class Kind(models.TextChoices):
        HEAD = "head", _("Người đứng đầu")
        DEPUTY = "deputy", _("Cấp phó")
        ACTING_HEAD = "acting_head", _("Quyền người đứng đầu")
        OFFICE_CHIEF = "office_chief", _("Chánh Văn phòng")
        # A unit head the head assigned to sign certain documents by order (TL., Decree 30
        # Art. 13): Chánh Văn phòng, Trưởng phòng... (authority/signing_capacity.py).
        UNIT_HEAD = "unit_head", _("Trưởng đơn vị ký thừa lệnh (TL.)")
        APPRAISER = "appraiser", _("Chuyên viên thẩm định")

    body = models.ForeignKey(
        Body, verbose_name=_("Cơ quan"), on_delete=models.PROTECT, related_name="positions"
    )
    # Printed in the signature block, e.g. "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "GIÁM ĐỐC".
    title = models.CharField(_("Chức danh"), max_length=100, validators=[one_line])
    kind = models.CharField(_("Loại"), max_length=20, choices=Kind.choices)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người giữ chức vụ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"), null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        # body_id, not body: Django joins the related table to sort by it, even by its id.
        ordering = ["body_id", "kind", "id"]
        verbose_name = _("Chức vụ")
        verbose_name_plural = _("Chức vụ")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="position_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            )
        ]
        indexes = [models.Index(fields=["holder", "starts_on"], name="position_holder_idx")]

    def __str__(self):
        return f"{self.title} – {self.body.name}"

    def is_held_on(self, day) -> bool:
        """PositionQuerySet.held_on for one position read with its holder."""
        return (
            self.holder_id is not None
            and self.holder.is_active
            and self.starts_on <= day
            and (self.ends_on is None or self.ends_on >= day)
        )


class Authority(models.Model):
    """Who decides for officials of a management level (and optionally a kind of trip): the
    steps before the decision, the decision's, and the body that issues it."""

    class TripKind(models.TextChoices):
        ANY = "", _("Mọi loại chuyến đi")
        BUSINESS = "business", _("Công tác")
        PRIVATE = "private", _("Việc riêng")

    level = models.CharField(
        _("Diện quản lý"), max_length=20, choices=Official.ManagementLevel.choices
    )
    kind = models.CharField(
        _("Loại chuyến đi"), max_length=10, choices=TripKind.choices, blank=True, default=""
    )
    # Null: the requesting agency's own body (officials managed by their agency).
    issuing_body = models.ForeignKey(
        Body,
        verbose_name=_("Cơ quan ban hành quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A collective's decision (the People's Committee's as a body): signed "TM. ỦY BAN NHÂN
    # DÂN" over the head's (or a deputy's KT.) block (Decree 30, Appendix I).
    collective = models.BooleanField(
        _("Quyết định của tập thể (ký TM.)"),
        default=False,
        help_text=_(
            "Đánh dấu khi quyết định do tập thể lãnh đạo ban hành: người ký ghi “TM.” trước "
            "tên tập thể, ví dụ “TM. ỦY BAN NHÂN DÂN”."
        ),
    )
    # [{"action": "appraise" | "party_opinion" | "decide", "body": id or null (the requesting
    # agency's body), "positions": ["head", "deputy", ...]}], the decision last (authority.rules).
    steps = models.JSONField(_("Các bước"))

    class Meta:
        ordering = ["level", "kind"]
        verbose_name = _("Thẩm quyền quyết định")
        verbose_name_plural = _("Thẩm quyền quyết định")
        constraints = [
            models.UniqueConstraint(
                fields=["level", "kind"],
                name="authority_once_per_level_and_kind",
                violation_error_message=_("Diện quản lý này đã có thẩm quyền quyết định."),
            )
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.kind}".strip()

    def clean(self):
        from authority.rules import require_valid_steps

        require_valid_steps(self.steps)


class AuthorityChange(AppendOnlyModel):
    """Who changed a body, a position or an authority, when, from what to what (never
    updated or deleted). `actor` is who, `at` when (AppendOnlyModel)."""

    target = models.CharField(_("Đối tượng"), max_length=60, db_index=True)
    old_value = models.JSONField(_("Giá trị cũ"), null=True, blank=True)
    new_value = models.JSONField(_("Giá trị mới"), null=True, blank=True)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("Thay đổi thẩm quyền")
        verbose_name_plural = _("Thay đổi thẩm quyền")

    def __str__(self):
        return f"{self.target}: {self.old_value} → {self.new_value}"
