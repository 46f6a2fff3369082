"""Checking an uploaded PDF: is its signature valid against the trust roots, and is it the
very file the register recorded (same SHA-256)?"""

import hashlib
import io
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from pypdf import PdfReader

from documents.models import IssuedDocument
from documents.signing import verify_pdf


@dataclass
class Result:
    valid: bool
    message: str
    matches_register: bool
    number: int | None = None
    symbol: str = ""
    issued_on: str | None = None
    trip: int | None = None
    signer: str = ""
    signed_at: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def _symbol_in_metadata(data: bytes) -> str:
    """The symbol the renderer wrote into the PDF's subject; "" when unreadable."""
    try:
        return str((PdfReader(io.BytesIO(data)).metadata or {}).get("/Subject", ""))[:40]
    except Exception:
        return ""


def verify_upload(data: bytes) -> Result:
    verdict = verify_pdf(data)
    row = IssuedDocument.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    message = verdict.message
    if verdict.valid and row is None:
        message = _("%(verdict)s Tuy nhiên tệp không khớp với văn bản nào trong sổ đăng ký.") % {
            "verdict": verdict.message
        }
    result = Result(
        valid=verdict.valid,
        message=message,
        matches_register=row is not None,
        signer=verdict.signer,
        signed_at=verdict.signed_at.isoformat() if verdict.signed_at else None,
        symbol=_symbol_in_metadata(data) if row is None else row.symbol,
    )
    if row is not None:
        result.number = row.number
        result.issued_on = row.issued_on.isoformat()
        result.trip = row.trip_id
    return result
