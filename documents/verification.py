"""Checking an uploaded PDF: is its signature valid against the trust roots, and is it the
very file the register recorded (same SHA-256)?"""

import datetime as dt
import hashlib
import io
from dataclasses import asdict, dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from documents.contexts import Signature
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
    # Every signature in the order made: who, in what capacity, when (the TSA's time, +07:00),
    # timestamp, chain and revocation (valid), long-term data embedded (ltv).
    signatures: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def for_page(self) -> dict:
        """The same, with dates as people read them: dd/mm/yyyy, and times with +07:00."""
        page = self.as_dict()
        if self.issued_on:
            page["issued_on"] = dt.date.fromisoformat(self.issued_on).strftime("%d/%m/%Y")
        page["signed_at"] = local_display(self.signed_at)
        for signature in page["signatures"]:
            signature["signed_at"] = local_display(signature["signed_at"])
        return page


def local_display(value: str | None) -> str:
    """`2026-12-07T02:29:05+07:00` → `07/12/2026 02:29:05 +07:00` (Vietnam's time)."""
    if not value:
        return ""
    at = timezone.localtime(dt.datetime.fromisoformat(value))
    offset = at.strftime("%z")
    return f"{at:%d/%m/%Y %H:%M:%S} {offset[:3]}:{offset[3:]}"


def capacity(role: str, row) -> str:
    """In what capacity: the signer's block as the register froze it (KT. CHỦ TỊCH / PHÓ CHỦ
    TỊCH), or the issuing body's name for its seal; empty for a file the register lacks."""
    document = ((row.content or {}).get("document") or {}) if row is not None else {}
    if role == "body":
        return (document.get("extra") or {}).get("issuer_name", "")
    signature = document.get("signature")
    return " / ".join(Signature(**signature).lines) if signature else ""


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
        signed_at=timezone.localtime(verdict.signed_at).isoformat() if verdict.signed_at else None,
        symbol=_symbol_in_metadata(data) if row is None else row.symbol,
        signatures=[
            check.as_dict() | {"capacity": capacity(check.role, row)}
            for check in verdict.signatures
        ],
    )
    if row is not None:
        result.number = row.number
        result.issued_on = row.issued_on.isoformat()
        result.trip = row.trip_id
    return result
