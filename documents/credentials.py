"""People's own signing credentials (AUTHORITY.md): added and revoked by the administrator,
each move one transaction with its history row; used once per signature with the PIN the
holder types, which is passed on and forgotten (never stored, echoed or logged).

A PKCS#12 is kept encrypted (Fernet) with SIGNING_CREDENTIALS_KEY, or with a key derived from
SECRET_KEY when that is unset; inside, it is still locked with the holder's PIN."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
from urllib.parse import urlsplit

from asn1crypto import core
from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from documents.exceptions import DocumentError, NoSigningCredential, SigningFailed
from documents.models import IssuedDocument, SigningCredential, SigningCredentialEvent

MAX_PKCS12_BYTES = 64 * 1024
Kind = SigningCredential.Kind


class CredentialInvalid(DocumentError):
    def __init__(self, message, field=None):
        super().__init__(message)
        self.field = field


class SigningPinRefused(DocumentError):
    field = "signing_pin"


def _fernet() -> Fernet:
    secret = settings.SIGNING_CREDENTIALS_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(b"travelmgmt signing credentials\0" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(data: bytes) -> bytes:
    """Encrypted at rest with the credentials' key (also the bodies' keys, documents/body_key.py)."""
    return _fernet().encrypt(data)


def decrypt(token: bytes) -> bytes:
    """The reverse of `encrypt`; InvalidToken when the key changed or the data is not ours."""
    return _fernet().decrypt(token)


def _require_administrator(actor) -> None:
    from django.core.exceptions import PermissionDenied

    if not getattr(actor, "is_administrator", False):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được quản lý chứng thư ký số."))


def _looks_like_pkcs12(data: bytes) -> bool:
    """A DER SEQUENCE whose first element is version 3 (RFC 7292 PFX); its content cannot be
    read without the holder's PIN."""
    try:
        parsed = core.load(data)
        return isinstance(parsed, core.Sequence) and parsed[0].native == 3
    except Exception:
        return False


def _on_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_credential(*, kind, file, service, credential_id) -> tuple[str, str]:
    """What a new credential must be (the admin's form asks the same); the service and id."""
    if kind == Kind.PKCS12:
        if not file:
            raise CredentialInvalid(_("Chọn tệp PKCS#12 (.p12, .pfx)."), field="file")
        if len(file) > MAX_PKCS12_BYTES or not _looks_like_pkcs12(file):
            raise CredentialInvalid(_("Tệp không phải là PKCS#12 (.p12, .pfx)."), field="file")
        return "", ""
    if kind == Kind.CSC:
        if not (service.startswith(("https://", "http://")) and credential_id.strip()):
            raise CredentialInvalid(
                _("Nhập địa chỉ dịch vụ ký số từ xa và mã chứng thư trên dịch vụ."),
                field="service",
            )
        # The signer's PIN travels to the service: never in clear over a network (plain HTTP
        # only to this machine itself, where the test service listens).
        if not service.startswith("https://") and not _on_loopback(service):
            raise CredentialInvalid(
                _("Dịch vụ ký số từ xa phải dùng địa chỉ https://."), field="service"
            )
        return service, credential_id
    raise CredentialInvalid(_("Loại chứng thư không hợp lệ."), field="kind")


def credential_add(
    *, actor, holder, kind, label="", file: bytes | None = None, service="", credential_id=""
) -> SigningCredential:
    """Give `holder` a credential: a PKCS#12 (`file`, locked with their PIN) or a remote one
    (`service`, `credential_id`)."""
    _require_administrator(actor)
    service, credential_id = check_credential(
        kind=kind, file=file, service=service, credential_id=credential_id
    )
    with transaction.atomic():
        credential = SigningCredential(
            holder=holder,
            kind=kind,
            label=label.strip()[:200],
            service=service.rstrip("/"),
            credential_id=credential_id.strip(),
            created_by=actor,
        )
        if file:
            encrypted = ContentFile(_fernet().encrypt(file))
            credential.encrypted_file.save("credential.bin", encrypted, save=False)
        credential.save()
        SigningCredentialEvent.objects.create(
            credential=credential, action=SigningCredentialEvent.Action.CREATED, actor=actor
        )
    return credential


def credential_revoke(*, actor, credential: SigningCredential) -> SigningCredential:
    """Revoke: it signs nothing more; its encrypted file is erased after the commit."""
    _require_administrator(actor)
    with transaction.atomic():
        credential = SigningCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.revoked_at is None:
            credential.revoked_at = timezone.now()
            credential.save(update_fields=["revoked_at"])
            SigningCredentialEvent.objects.create(
                credential=credential, action=SigningCredentialEvent.Action.REVOKED, actor=actor
            )
            if credential.encrypted_file:
                name, storage = credential.encrypted_file.name, credential.encrypted_file.storage
                transaction.on_commit(lambda: storage.delete(name))
    return credential


def credential_unlock(*, actor, credential: SigningCredential) -> SigningCredential:
    """Unlock a credential that wrong PINs locked (documents/pin_attempts.py): its count
    starts again. The holder still has to type the right PIN."""
    _require_administrator(actor)
    with transaction.atomic():
        credential = SigningCredential.objects.select_for_update().get(pk=credential.pk)
        if credential.locked_at is not None or credential.failed_pin_attempts:
            was_locked = credential.locked_at is not None
            credential.locked_at, credential.failed_pin_attempts = None, 0
            credential.save(update_fields=["locked_at", "failed_pin_attempts"])
            if was_locked:
                SigningCredentialEvent.objects.create(
                    credential=credential,
                    action=SigningCredentialEvent.Action.UNLOCKED,
                    actor=actor,
                )
    return credential


def credential_of(user, kind=None) -> SigningCredential:
    """The signer's own newest credential; refused (409) when they have none, naming the
    document (`kind`, IssuedDocument.Kind): a decision is never issued unsigned, nor signed
    with someone else's key."""
    found = (
        SigningCredential.objects.filter(holder=user, revoked_at__isnull=True)
        .order_by("-created_at", "-id")
        .first()
    )
    if found is None:
        raise NoSigningCredential(
            _no_credential(kind) % {"name": user.get_full_name() or user.username}
        )
    return found


def _no_credential(kind) -> str:
    return for_document(
        kind,
        proposal=_(
            "%(name)s chưa có chứng thư ký số cá nhân: không thể ký Tờ trình. Đề nghị "
            "quản trị hệ thống cấp chứng thư (mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
        decision=_(
            "%(name)s chưa có chứng thư ký số cá nhân: không thể ký quyết định. Đề nghị "
            "quản trị hệ thống cấp chứng thư (mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
        other=_(
            "%(name)s chưa có chứng thư ký số cá nhân: không thể ký văn bản. Đề nghị "
            "quản trị hệ thống cấp chứng thư (mục Chứng thư ký số cá nhân) rồi thực hiện lại."
        ),
    )


def _learn_expiry(credential, certificate) -> None:
    not_after = certificate["tbs_certificate"]["validity"]["not_after"].native
    if credential.not_after != not_after:
        credential.not_after = not_after
        credential.save(update_fields=["not_after"])
    if not_after < dt.datetime.now(dt.UTC):
        raise SigningFailed(_("Chứng thư ký số cá nhân đã hết hiệu lực."))


def for_document(kind, *, proposal: str, decision: str, other: str) -> str:
    """The sentence that names the document being signed (`kind`, IssuedDocument.Kind): the
    proposal (Tờ trình), a decision or a permission (quyết định), any other (văn bản). Whole
    sentences, not a noun put into one, so that each reads right in translation."""
    if kind == IssuedDocument.Kind.PROPOSAL:
        return proposal
    if kind in (IssuedDocument.Kind.DECISION, IssuedDocument.Kind.PERMISSION):
        return decision
    return other


def _pin_wanted(kind) -> str:
    return for_document(
        kind,
        proposal=_("Nhập mã PIN ký số để ký Tờ trình."),
        decision=_("Nhập mã PIN ký số để ký quyết định."),
        other=_("Nhập mã PIN ký số để ký văn bản."),
    )


def require_pin(pin, kind=None) -> str:
    """The PIN typed; refused naming the document being signed (`kind`, IssuedDocument.Kind)."""
    if not pin:
        raise SigningPinRefused(_pin_wanted(kind))
    return str(pin)


def pkcs12_signer(credential, pin: str):
    """The holder's key from their PKCS#12, opened with the PIN they typed."""
    try:
        with credential.encrypted_file.open("rb") as handle:
            data = _fernet().decrypt(handle.read())
    except (OSError, InvalidToken):
        raise SigningFailed(
            _("Không đọc được chứng thư ký số đã lưu: đề nghị quản trị hệ thống cấp lại.")
        ) from None
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=pin.encode())
    except (ValueError, TypeError):
        signer = None
    if signer is None:
        raise SigningPinRefused(_("Mã PIN ký số không đúng."))
    _learn_expiry(credential, signer.signing_cert)
    return signer
