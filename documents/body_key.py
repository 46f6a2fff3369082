"""Each issuing body's own key, which stands for its seal (Decree 30, Appendix I; AUTHORITY.md:
the issuing body's signature, a Department's decision is not sealed by the People's Committee).

A body's key (authority.Body.key_source) is a key in the configured PKCS#11 token or HSM, found
by its label (SIGNING_PKCS11_MODULE/_TOKEN/_PIN; python-pkcs11 through pyHanko), or a PKCS#12
the administrator uploads, kept encrypted as the personal credentials are (documents.credentials).

The key the environment configures (SIGNING_BODY_KEY, SIGNING_PKCS11_KEY_LABEL or
SIGNING_PKCS12_FILE; a throw-away one with DEBUG) is the People's Committee's: it signs for the
People's Committee alone, while that body has no key of its own (a province that configured its
key before bodies had keys keeps signing its own decisions). Any other body without a key is
refused, naming it, before a number is taken: never sealed with another body's key.

Caches are per body and version of its key: an uploaded PKCS#12 is opened once per process, a
token's session once per thread (its signers by label; closed after a failure)."""

from __future__ import annotations

import hashlib
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from documents.exceptions import SigningFailed, SigningNotConfigured


def _pkcs11_settings(*, label_needed: bool) -> dict:
    names = ["SIGNING_PKCS11_MODULE", "SIGNING_PKCS11_TOKEN"]
    if label_needed:
        names.append("SIGNING_PKCS11_KEY_LABEL")
    missing = [name for name in names if not getattr(settings, name)]
    if missing:
        raise SigningNotConfigured(
            _("Chưa cấu hình thiết bị ký số của cơ quan ban hành (%(names)s).")
            % {"names": ", ".join(missing)}
        )
    module = Path(settings.SIGNING_PKCS11_MODULE)
    if not module.is_file():
        raise SigningNotConfigured(
            _("Không tìm thấy thư viện PKCS#11 đã cấu hình (%(error)s).") % {"error": module}
        )
    return {"module": str(module), "token": settings.SIGNING_PKCS11_TOKEN}


def issuing_body(symbol: str, pk: int | None = None):
    """The body that issues a document: by the id frozen with it, else by its symbol. With no
    bodies at all (a flushed test database), the settings' People's Committee or a keyless
    stand-in named by the symbol (refused)."""
    from authority.models import Body

    found = Body.objects.filter(pk=pk).first() if pk else None
    found = found or Body.objects.filter(symbol=symbol).first()
    if found is None:
        province = symbol == settings.DOCUMENT_PROVINCE_SHORT
        found = Body(code=Body.PROVINCE if province else "", name=symbol, symbol=symbol)
    return found


def _environment_signs(body) -> bool:
    """The environment's key signs for `body` (None: that key itself)."""
    from authority.models import Body

    return body is None or (not body.key_source and body.code == Body.PROVINCE)


def _no_key(body) -> SigningNotConfigured:
    return SigningNotConfigured(
        _(
            "%(body)s chưa có khóa ký số của cơ quan: không thể ban hành văn bản chưa ký. Đề "
            "nghị quản trị hệ thống cấu hình khóa ký số cho cơ quan (mục Cơ quan ban hành) rồi "
            "thực hiện lại."
        )
        % {"body": body.name}
    )


def ready(body=None) -> None:
    """The cheap check made before a signed document takes its number: `body` has a key (or
    is the People's Committee and the environment's key is there). Opening it is left to the
    signing. `body` None: the environment's key."""
    from authority.models import Body

    if _environment_signs(body):
        _environment_ready()
    elif body.key_source == Body.KeySource.PKCS11 and body.key_label:
        _pkcs11_settings(label_needed=False)
    elif not (body.key_source == Body.KeySource.PKCS12 and body.key_pkcs12):
        raise _no_key(body)


def _environment_ready() -> None:
    from documents.signing import material

    if settings.SIGNING_BODY_KEY == "pkcs11":
        _pkcs11_settings(label_needed=True)
        return
    found = material()
    if not (found.pkcs12_file.is_file() and os.access(found.pkcs12_file, os.R_OK)):
        raise SigningNotConfigured(
            _("Không đọc được tệp chữ ký số đã cấu hình (%(error)s).")
            % {"error": found.pkcs12_file.name}
        )


@contextmanager
def body_key(body=None):
    """A pyHanko signer holding `body`'s key, for the duration of the `with` (None: the
    environment's key, the People's Committee's)."""
    from authority.models import Body

    ready(body)
    if _environment_signs(body):
        if settings.SIGNING_BODY_KEY == "pkcs11":
            label = settings.SIGNING_PKCS11_KEY_LABEL
            cert_label = settings.SIGNING_PKCS11_CERT_LABEL or label
            with _pkcs11_signer(label, cert_label) as signer:
                yield signer
        else:
            yield _environment_pkcs12()
    elif body.key_source == Body.KeySource.PKCS11:
        with _pkcs11_signer(body.key_label, body.key_label) as signer:
            yield signer
    else:
        yield _uploaded_signer(body)


def _environment_pkcs12():
    from documents.signing import material

    found = material()
    try:
        stat = found.pkcs12_file.stat()
        signer = _pkcs12_loaded(
            str(found.pkcs12_file), stat.st_mtime_ns, stat.st_size, found.password or ""
        )
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(
            _("Không đọc được tệp chữ ký số đã cấu hình (%(error)s).") % {"error": error}
        ) from None
    return signer


@lru_cache(maxsize=4)
def _pkcs12_loaded(path: str, mtime_ns: int, size: int, password: str):
    # Opened once per process and version of the file (~15 ms each time otherwise); a
    # failure is not cached (lru_cache keeps only returned values).
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    if signer is None:  # raised, so that it is not kept
        raise ValueError("wrong password or not a PKCS#12")
    return signer


def _uploaded_signer(body):
    blob, password = bytes(body.key_pkcs12), body.key_password
    version = hashlib.sha256(blob + password.encode()).hexdigest()
    try:
        return _uploaded_loaded(body.pk, version, blob, password)
    except (InvalidToken, ValueError):
        raise SigningNotConfigured(
            _(
                "Không mở được khóa ký số của %(body)s: đề nghị quản trị hệ thống tải lên lại "
                "tệp PKCS#12 của cơ quan."
            )
            % {"body": body.name}
        ) from None


@lru_cache(maxsize=32)
def _uploaded_loaded(pk: int, version: str, blob: bytes, password: str):
    # Keyed by the body and the version of its key: a new upload is opened afresh, another
    # body's key is never returned. A failure is not kept.
    from documents.credentials import decrypt

    signer = _open_pkcs12(decrypt(blob), decrypt(password.encode()).decode())
    if signer is None:
        raise ValueError("wrong password or not a PKCS#12")
    return signer


def _open_pkcs12(data: bytes, password: str):
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=password.encode() or None)
    except (ValueError, TypeError):
        return None


_tokens = threading.local()  # a token session serves one thread at a time


@contextmanager
def _pkcs11_signer(key_label: str, cert_label: str):
    """The signer of `key_label` in the configured token. The session is opened once per
    thread and kept (opening a session and logging in costs more than the signature), with one
    signer per label (one per body); any failure while it signs closes it, so that a token
    unplugged and plugged back is opened afresh at the next signature."""
    found = _pkcs11_settings(label_needed=False)
    wanted = (
        found["module"],
        found["token"],
        hashlib.sha256((settings.SIGNING_PKCS11_PIN or "").encode()).hexdigest(),
    )
    held = getattr(_tokens, "held", None)
    if held is None or held[0] != wanted:
        _close_token()
        _tokens.held = held = (wanted, _open_session(found), {})
    signers_by_label = held[2]
    try:
        signer = signers_by_label.get((key_label, cert_label))
        if signer is None:
            signer = signers_by_label[(key_label, cert_label)] = _token_signer(
                held[1], key_label, cert_label
            )
        yield signer
    except BaseException:
        _close_token()
        raise


def _open_session(found):
    from pkcs11 import PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import open_pkcs11_session

    try:
        return open_pkcs11_session(
            found["module"],
            token_criteria=TokenCriteria(label=found["token"]),
            user_pin=settings.SIGNING_PKCS11_PIN or None,
        )
    except (PKCS11Error, OSError) as error:
        # The message names the module or token, never the PIN.
        raise SigningFailed(
            _("Không mở được thiết bị ký số của cơ quan ban hành (%(error)s).")
            % {"error": type(error).__name__}
        ) from None


def _token_signer(session, key_label: str, cert_label: str):
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(
        session,
        key_label=key_label,
        cert_label=cert_label,
        # Hash here, sign the digest on the token: every token has plain ECDSA / RSA-PKCS,
        # not all have the hash-and-sign ones (SoftHSM2 lacks ECDSA-SHA256).
        use_raw_mechanism=True,
    )


def _close_token() -> None:
    held = getattr(_tokens, "held", None)
    _tokens.held = None
    if held is not None:
        try:
            held[1].close()
        except Exception:  # a session already gone with its token
            pass


# The administrator's side: setting a body's key (the admin's form calls this).

MAX_PKCS12_BYTES = 64 * 1024


def check_key(*, source: str, label: str = "", pkcs12: bytes | None = None, password=""):
    """What a body's new key must be (the admin's form asks the same, before saving): the
    fields to store and the certificate's subject. A PKCS#12 is opened with its password, a
    label looked up in the token: a refusal names what is wrong (CredentialInvalid)."""
    from authority.models import Body
    from documents.credentials import CredentialInvalid, _looks_like_pkcs12, encrypt

    fields = {"key_source": source, "key_label": "", "key_pkcs12": None, "key_password": ""}
    if source == Body.KeySource.PKCS12:
        if not pkcs12 or len(pkcs12) > MAX_PKCS12_BYTES or not _looks_like_pkcs12(pkcs12):
            raise CredentialInvalid(_("Tệp không phải là PKCS#12 (.p12, .pfx)."), field="file")
        signer = _open_pkcs12(pkcs12, password or "")
        if signer is None:
            raise CredentialInvalid(_("Mật khẩu tệp PKCS#12 không đúng."), field="password")
        fields.update(key_pkcs12=encrypt(pkcs12), key_password=encrypt(password.encode()).decode())
        return fields, signer.signing_cert.subject.human_friendly
    if source == Body.KeySource.PKCS11:
        label = (label or "").strip()
        if not label:
            raise CredentialInvalid(_("Nhập nhãn khóa trong thiết bị ký số."), field="label")
        try:
            _pkcs11_settings(label_needed=False)
            with _pkcs11_signer(label, label) as signer:
                subject = signer.signing_cert.subject.human_friendly
        except (SigningNotConfigured, SigningFailed) as refused:
            raise CredentialInvalid(refused.message, field="label") from None
        except Exception:
            raise CredentialInvalid(
                _("Không tìm thấy khóa và chứng thư có nhãn này trong thiết bị ký số."),
                field="label",
            ) from None
        fields["key_label"] = label
        return fields, subject
    if source == Body.KeySource.NONE:
        return fields, ""
    raise CredentialInvalid(_("Loại khóa ký số không hợp lệ."), field="source")


def key_set(*, actor, body, source: str, label: str = "", pkcs12: bytes | None = None, password=""):
    """Give `body` its key: a label in the configured token (PKCS11), an uploaded PKCS#12 and
    its password (PKCS12; stored encrypted), or none. One transaction, with an audit row that
    names the certificate, never the key or its password."""
    from authority.models import AuthorityChange, Body
    from documents.credentials import _require_administrator

    _require_administrator(actor)
    fields, subject = check_key(source=source, label=label, pkcs12=pkcs12, password=password)
    with transaction.atomic():
        body = Body.objects.select_for_update().get(pk=body.pk)
        before = _key_value(body)
        for name, value in fields.items():
            setattr(body, name, value)
        body.key_subject = subject[:300]
        body.save(update_fields=[*fields, "key_subject"])
        AuthorityChange.objects.create(
            actor=actor, target=f"body-key:{body.pk}", old_value=before, new_value=_key_value(body)
        )
    return body


def _key_value(body) -> dict | None:
    if not body.key_source:
        return None
    return {"source": body.key_source, "label": body.key_label, "subject": body.key_subject}
