"""The outgoing-document register (Sổ đăng ký văn bản đi, Decree 30/2020/NĐ-CP Art. 15–16,
Appendix IV): one row per issued document, its number unique and gap-free per year and
issuing body, and the SHA-256 of the very file that was issued.

A row is written with its number and its frozen content inside the move's transaction; its
file (rendered, signed) and hash come just after, from a task (documents/issuing.py)."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import AppendOnlyModel


class DocumentCounter(models.Model):
    """The last number given out in a year by an issuing body. Issuing locks this row
    (select_for_update), so that two issues in parallel queue up instead of sharing a number."""

    year = models.PositiveSmallIntegerField(_("Năm"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=20)
    last_number = models.PositiveIntegerField(_("Số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("Bộ đếm số văn bản")
        verbose_name_plural = _("Bộ đếm số văn bản")
        constraints = [
            models.UniqueConstraint(fields=["year", "issuer"], name="document_counter_once")
        ]

    def __str__(self):
        return f"{self.issuer} {self.year}: {self.last_number}"


def issued_file_path(instance, filename):
    # Generated names only; the year and issuer keep a folder per register.
    return f"issued-documents/{instance.year}/{instance.issuer}/{uuid.uuid4().hex}.pdf"


class IssuedDocument(models.Model):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Quyết định cử đi công tác")
        PERMISSION = "permission", _("Quyết định cho phép đi nước ngoài")
        PROPOSAL = "proposal", _("Tờ trình")
        REPORT = "report", _("Báo cáo kết quả chuyến công tác")
        HANDOVER = "handover", _("Biên bản giao nhận hộ chiếu")
        LOSS_NOTICE = "loss_notice", _("Thông báo mất hộ chiếu")

    year = models.PositiveSmallIntegerField(_("Năm"))
    issuer = models.CharField(_("Cơ quan ban hành"), max_length=20)
    number = models.PositiveIntegerField(_("Số"))
    symbol = models.CharField(_("Số, ký hiệu"), max_length=40)
    kind = models.CharField(_("Loại văn bản"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Trích yếu nội dung"), max_length=500)
    issued_on = models.DateField(_("Ngày ban hành"))
    signer = models.CharField(_("Người ký"), max_length=200)
    signed_as = models.CharField(_("Thẩm quyền ký"), max_length=10, blank=True)
    acting_for = models.CharField(_("Ký thay cho"), max_length=150, blank=True)
    trip = models.ForeignKey(
        "trips.TripRequest",
        verbose_name=_("Hồ sơ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    report = models.ForeignKey(
        "reports.PostTripReport",
        verbose_name=_("Báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    handout = models.ForeignKey(
        "passports.Handout",
        verbose_name=_("Lượt giao hộ chiếu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    loss = models.ForeignKey(
        "passports.PassportLoss",
        verbose_name=_("Lần mất hộ chiếu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="issued_documents",
    )
    # What the template renders from, frozen at issue (documents.contexts.Document): a later
    # change to the trip does not change the paper. Null for rows rendered before it existed.
    content = models.JSONField(_("Nội dung"), null=True, blank=True, encoder=DjangoJSONEncoder)
    # Empty until the task has rendered, signed and stored the file (state "đang tạo").
    file = models.FileField(_("Tệp"), upload_to=issued_file_path, blank=True)
    sha256 = models.CharField(_("Mã băm SHA-256"), max_length=64, db_index=True, blank=True)
    rendered_at = models.DateTimeField(_("Thời điểm tạo tệp"), null=True, blank=True)
    is_signed = models.BooleanField(_("Đã ký số"), default=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người phát hành"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm phát hành"), auto_now_add=True)

    class Meta:
        ordering = ["year", "issuer", "number"]
        verbose_name = _("Văn bản đi")
        verbose_name_plural = _("Sổ đăng ký văn bản đi")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "issuer", "number"], name="issued_document_number_once"
            )
        ]
        indexes = [models.Index(fields=["trip", "kind"])]

    def __str__(self):
        return self.symbol

    @property
    def is_rendered(self) -> bool:
        return self.rendered_at is not None

    @property
    def number_display(self):
        return f"{self.number:02d}"


def credential_file_path(instance, filename):
    return f"signing-credentials/{uuid.uuid4().hex}.bin"


class SigningCredential(models.Model):
    """A person's own signing key (AUTHORITY.md): a PKCS#12 the administrator uploaded, locked
    with the holder's signing PIN and stored encrypted with SIGNING_CREDENTIALS_KEY; or a key
    held by a remote-signing service (Cloud Signature Consortium API), named by its URL and
    credential id. The PIN is typed at each signature and never stored."""

    class Kind(models.TextChoices):
        PKCS12 = "pkcs12", _("Tệp PKCS#12 (lưu mã hóa)")
        CSC = "csc", _("Dịch vụ ký số từ xa (CSC)")

    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người ký"),
        on_delete=models.PROTECT,
        related_name="signing_credentials",
    )
    kind = models.CharField(_("Loại"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("Tên gọi"), max_length=200, blank=True)
    # PKCS#12 only: the file, encrypted at rest (documents/credentials.py).
    encrypted_file = models.FileField(
        _("Tệp (đã mã hóa)"), upload_to=credential_file_path, blank=True
    )
    # CSC only: the service's base URL and the credential's id there.
    service = models.URLField(_("Địa chỉ dịch vụ ký số"), blank=True)
    credential_id = models.CharField(_("Mã chứng thư trên dịch vụ"), max_length=200, blank=True)
    # Learnt at the first signature (a PKCS#12 cannot be opened without its PIN).
    not_after = models.DateTimeField(_("Hiệu lực đến"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Người tạo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Thời điểm tạo"), auto_now_add=True)
    # Removing a credential revokes it (its encrypted file is erased); the row stays for its
    # history and for the documents it signed.
    revoked_at = models.DateTimeField(_("Thời điểm thu hồi"), null=True, blank=True)
    # Wrong signing PINs in a row (a right one resets it); at SIGNING_PIN_MAX_ATTEMPTS the
    # credential is locked until an administrator unlocks it (documents/pin_attempts.py).
    failed_pin_attempts = models.PositiveSmallIntegerField(_("Số lần nhập sai mã PIN"), default=0)
    locked_at = models.DateTimeField(_("Thời điểm bị khóa"), null=True, blank=True)

    class Meta:
        ordering = ["holder", "-created_at", "-id"]
        verbose_name = _("Chứng thư ký số cá nhân")
        verbose_name_plural = _("Chứng thư ký số cá nhân")

    def __str__(self):
        return f"{self.holder} — {self.label or self.get_kind_display()}"


class SigningCredentialEvent(AppendOnlyModel):
    """Who added, revoked, locked or unlocked a signing credential, and each wrong signing PIN
    typed for it, and when (never updated or deleted; never the PIN itself)."""

    class Action(models.TextChoices):
        CREATED = "created", _("Thêm chứng thư ký số")
        REVOKED = "revoked", _("Thu hồi chứng thư ký số")
        WRONG_PIN = "wrong_pin", _("Nhập sai mã PIN ký số")
        LOCKED = "locked", _("Khóa chứng thư do nhập sai mã PIN nhiều lần")
        UNLOCKED = "unlocked", _("Mở khóa chứng thư ký số")

    credential = models.ForeignKey(
        SigningCredential, on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("Thao tác"), max_length=10, choices=Action.choices)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("Lịch sử chứng thư ký số")
        verbose_name_plural = _("Lịch sử chứng thư ký số")
