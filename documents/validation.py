"""Checking every signature a PDF carries, offline: each against the configured trust roots,
with the certificates and OCSP/CRL answers embedded in the file (its DSS, PAdES B-LT) and
nothing fetched. A document is valid when every signature is intact, trusted, timestamped by a
trusted TSA, and nothing but validation data was added after the last one."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.dss import DocumentSecurityStore

# The signature fields the system writes: the person who decides, then the issuing body.
PERSON_FIELD = "ChuKyNguoiKy"
BODY_FIELD = "ChuKySo"


@dataclass
class SignatureCheck:
    role: str  # "person" or "body"
    name: str  # the certificate's common name
    signed_at: dt.datetime | None  # the TSA's time when there is one, else the signer's claim
    timestamp: bool  # a timestamp by a trusted TSA covers it (B-T)
    intact: bool
    trusted: bool  # the chain reaches a trust root and no certificate is revoked
    ltv: bool  # the revocation answers are in the file (B-LT)
    subfilter: str
    valid: bool

    def as_dict(self) -> dict:
        local = timezone.localtime(self.signed_at) if self.signed_at else None
        return {
            "role": self.role,
            "name": self.name,
            "signed_at": local.isoformat() if local else None,
            "timestamp": self.timestamp,
            "valid": self.valid,
            "trusted": self.trusted,
            "ltv": self.ltv,
            "subfilter": self.subfilter,
        }


@dataclass
class Verdict:
    valid: bool
    trusted: bool
    message: str
    signer: str = ""
    signed_at: dt.datetime | None = None
    signatures: list[SignatureCheck] = field(default_factory=list)


def _context_kwargs(trust_roots) -> dict:
    return {"trust_roots": trust_roots, "allow_fetching": False, "revocation_mode": "hard-fail"}


def _check(signature, context, has_revocation_data: bool) -> SignatureCheck:
    from documents.signing import outside_event_loop

    status = outside_event_loop(lambda: validate_pdf_signature(signature, context))
    stamp = status.timestamp_validity
    stamped = bool(stamp and stamp.intact and stamp.valid and stamp.trusted)
    return SignatureCheck(
        role="person" if signature.field_name == PERSON_FIELD else "body",
        name=status.signing_cert.subject.native.get("common_name", ""),
        signed_at=stamp.timestamp if stamp else status.signer_reported_dt,
        timestamp=stamped,
        intact=status.intact and status.valid,
        trusted=status.trusted,
        ltv=bool(status.trusted and has_revocation_data),
        subfilter=str(signature.sig_object.get("/SubFilter", ""))[1:],
        valid=status.bottom_line and stamped,
    )


def check_pdf(data: bytes, trust_roots) -> Verdict:
    """Every signature of `data`, in the order they were made, and the document's verdict."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        return Verdict(False, False, _("Tệp bị hỏng hoặc không phải PDF: không kiểm tra được."))
    if not signatures:
        return Verdict(False, False, _("Tệp không có chữ ký số."))
    try:
        dss = DocumentSecurityStore.read_dss(reader)
        context = dss.as_validation_context(_context_kwargs(trust_roots))
        has_revocation_data = bool(dss.ocsps or dss.crls)
    except Exception:  # no DSS: validated with the roots alone, not long-term
        from pyhanko_certvalidator import ValidationContext

        context = ValidationContext(**_context_kwargs(trust_roots))
        has_revocation_data = False
    try:
        checks = [_check(s, context, has_revocation_data) for s in signatures]
    except Exception as error:
        return Verdict(False, False, _("Không kiểm tra được chữ ký: %(error)s") % {"error": error})
    return _verdict(checks)


def _verdict(checks: list[SignatureCheck]) -> Verdict:
    last = checks[-1]
    result = Verdict(False, False, "", last.name, last.signed_at, checks)
    if not all(c.intact for c in checks):
        result.message = _("Chữ ký không hợp lệ: nội dung tệp đã bị thay đổi sau khi ký.")
    elif not all(c.trusted for c in checks):
        result.message = _(
            "Chữ ký còn nguyên vẹn nhưng không do cơ quan được tin cậy ký (chứng thư lạ)."
        )
    elif not all(c.timestamp for c in checks):
        result.message = _("Chữ ký không có dấu thời gian của tổ chức cấp dấu thời gian tin cậy.")
    elif not all(c.valid for c in checks):
        result.trusted = True
        result.message = _("Chữ ký không hợp lệ: tệp có nội dung được thêm vào sau khi ký.")
    else:
        result.valid = result.trusted = True
        result.message = _("Chữ ký số hợp lệ, văn bản còn nguyên vẹn.")
    return result
