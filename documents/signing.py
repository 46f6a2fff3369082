"""PAdES signatures with pyHanko: the issuing body's key signs; anyone may verify against the
configured trust roots. Where the key comes from is settled once here (`material()`)."""

import asyncio
import datetime as dt
import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from documents import pki
from documents.exceptions import SigningNotConfigured

FIELD_NAME = "ChuKySo"


def outside_event_loop(call):
    """pyHanko's synchronous API runs asyncio.run(): from a thread that already runs an event
    loop (an ASGI worker, a Playwright test) it must go through a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def material() -> pki.Material:
    """The configured PKCS#12 and trust roots; a throw-away pair under MEDIA_ROOT when DEBUG is
    on and nothing is set; otherwise a refusal (never an unsigned decision)."""
    if settings.SIGNING_PKCS12_FILE:
        return pki.Material(
            Path(settings.SIGNING_PKCS12_FILE),
            settings.SIGNING_PKCS12_PASSWORD,
            Path(settings.SIGNING_TRUST_ROOTS) if settings.SIGNING_TRUST_ROOTS else None,
        )
    if settings.DEBUG:
        return pki.load_or_make(Path(settings.MEDIA_ROOT) / "signing-dev")
    raise SigningNotConfigured(
        _(
            "Chưa cấu hình chữ ký số của cơ quan ban hành (SIGNING_PKCS12_FILE): không thể ban "
            "hành quyết định chưa ký. Đề nghị quản trị hệ thống cấu hình rồi thực hiện lại."
        )
    )


def ready() -> pki.Material:
    """The check made before a signed document takes its number (the signing itself comes
    after the commit): the key is configured and its file can be read. Opening the PKCS#12
    costs tens of milliseconds, so it is left to the signing."""
    found = material()
    if not (found.pkcs12_file.is_file() and os.access(found.pkcs12_file, os.R_OK)):
        raise SigningNotConfigured(
            _("Không đọc được tệp chữ ký số đã cấu hình (%(error)s).")
            % {"error": found.pkcs12_file.name}
        )
    return found


def sign_pdf(pdf: bytes, *, symbol: str, signer_name: str) -> bytes:
    """Sign `pdf` (PAdES B-B) with the configured key."""
    found = material()
    try:
        signer = signers.SimpleSigner.load_pkcs12(
            str(found.pkcs12_file), passphrase=(found.password or "").encode() or None
        )
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(
            _("Không đọc được tệp chữ ký số đã cấu hình (%(error)s).") % {"error": error}
        ) from None
    if signer is None:
        raise SigningNotConfigured(_("Không đọc được tệp chữ ký số đã cấu hình."))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    # The visible stamp (signer, time, number) is drawn by the renderer in the signature
    # block, in the document's own font; the signature field itself is invisible and covers it.
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=FIELD_NAME,
            reason=f"Ban hành văn bản {symbol}",
            location=settings.DOCUMENT_PLACE,
            name=signer_name,
        ),
        signer=signer,
        new_field_spec=fields.SigFieldSpec(FIELD_NAME),
    )
    out = outside_event_loop(lambda: pdf_signer.sign_pdf(writer))
    return out.getvalue()


@dataclass
class Verdict:
    valid: bool
    trusted: bool
    message: str
    signer: str = ""
    signed_at: dt.datetime | None = None


def _trust_roots():
    found = material()
    if not found.trust_roots:
        return []
    return list(load_certs_from_pemder([str(found.trust_roots)]))


def verify_pdf(data: bytes) -> Verdict:
    """Whether `data` carries an intact signature over the whole file, by a key that chains
    to the configured trust roots. Nothing is fetched from the network."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return Verdict(False, False, _("Tệp bị hỏng hoặc không phải PDF: không kiểm tra được."))
    if not signatures:
        return Verdict(False, False, _("Tệp không có chữ ký số."))
    signature = signatures[-1]
    context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)
    try:
        status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    except Exception as error:
        return Verdict(False, False, _("Không kiểm tra được chữ ký: %(error)s") % {"error": error})
    name = status.signing_cert.subject.native.get("common_name", "")
    signed_at = status.signer_reported_dt
    whole_file = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
    if not (status.intact and status.valid):
        return Verdict(
            False,
            False,
            _("Chữ ký không hợp lệ: nội dung tệp đã bị thay đổi sau khi ký."),
            name,
            signed_at,
        )
    if not whole_file:
        return Verdict(
            False,
            status.trusted,
            _("Chữ ký không hợp lệ: tệp có nội dung được thêm vào sau khi ký."),
            name,
            signed_at,
        )
    if not status.trusted:
        return Verdict(
            False,
            False,
            _("Chữ ký còn nguyên vẹn nhưng không do cơ quan được tin cậy ký (chứng thư lạ)."),
            name,
            signed_at,
        )
    return Verdict(True, True, _("Chữ ký số hợp lệ, văn bản còn nguyên vẹn."), name, signed_at)
