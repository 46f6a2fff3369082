"""The issuing body's key, which stands for its seal (Decree 30, Appendix I): in a PKCS#11
token or HSM (SIGNING_BODY_KEY=pkcs11, python-pkcs11 through pyHanko), or in a PKCS#12 file
(the default; a throw-away one with DEBUG). A PKCS#12 is opened once per process (and version of
its file), a token's session once per thread (closed after a failure)."""

import hashlib
import os
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.sign import signers

from documents.exceptions import SigningFailed, SigningNotConfigured


def _pkcs11_settings() -> dict:
    missing = [
        name
        for name in ("SIGNING_PKCS11_MODULE", "SIGNING_PKCS11_TOKEN", "SIGNING_PKCS11_KEY_LABEL")
        if not getattr(settings, name)
    ]
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


def ready() -> None:
    """The cheap check made before a signed document takes its number: the key is configured
    and its file (PKCS#12) or module (PKCS#11) is there. Opening it is left to the signing."""
    from documents.signing import material

    if settings.SIGNING_BODY_KEY == "pkcs11":
        _pkcs11_settings()
        return
    found = material()
    if not (found.pkcs12_file.is_file() and os.access(found.pkcs12_file, os.R_OK)):
        raise SigningNotConfigured(
            _("Không đọc được tệp chữ ký số đã cấu hình (%(error)s).")
            % {"error": found.pkcs12_file.name}
        )


@contextmanager
def body_key():
    """A pyHanko signer holding the body's key, for the duration of the `with`."""
    if settings.SIGNING_BODY_KEY == "pkcs11":
        with _pkcs11_signer() as signer:
            yield signer
    else:
        yield _pkcs12_signer()


def _pkcs12_signer():
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
    if signer is None:
        raise SigningNotConfigured(_("Không đọc được tệp chữ ký số đã cấu hình."))
    return signer


@lru_cache(maxsize=4)
def _pkcs12_loaded(path: str, mtime_ns: int, size: int, password: str):
    # Opened once per process and version of the file (~15 ms each time otherwise); a
    # failure is not cached (lru_cache keeps only returned values).
    signer = signers.SimpleSigner.load_pkcs12(path, passphrase=password.encode() or None)
    if signer is None:  # raised, so that it is not kept
        raise ValueError("wrong password or not a PKCS#12")
    return signer


_tokens = threading.local()  # a token session serves one thread at a time


@contextmanager
def _pkcs11_signer():
    """The token's signer, its session opened once per thread and kept (opening a session
    and logging in costs more than the signature); any failure while it signs closes it, so
    that a token unplugged and plugged back is opened afresh at the next signature."""
    found = _pkcs11_settings()
    wanted = (
        found["module"],
        found["token"],
        settings.SIGNING_PKCS11_KEY_LABEL,
        settings.SIGNING_PKCS11_CERT_LABEL,
        hashlib.sha256((settings.SIGNING_PKCS11_PIN or "").encode()).hexdigest(),
    )
    held = getattr(_tokens, "held", None)
    if held is None or held[0] != wanted:
        _close_token()
        session = _open_session(found)
        _tokens.held = held = (wanted, session, _token_signer(session))
    try:
        yield held[2]
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


def _token_signer(session):
    from pyhanko.sign.pkcs11 import PKCS11Signer

    return PKCS11Signer(
        session,
        key_label=settings.SIGNING_PKCS11_KEY_LABEL,
        cert_label=settings.SIGNING_PKCS11_CERT_LABEL or settings.SIGNING_PKCS11_KEY_LABEL,
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
