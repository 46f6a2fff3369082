"""Numbers of the outgoing register: one sequence per year and issuing body, from 1 on
1 January, without gaps (Decree 30/2020/NĐ-CP Art. 15: "số của văn bản ... bắt đầu liên tiếp
từ số 01 vào ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12 hằng năm")."""

from django.db import transaction

from documents.models import DocumentCounter, IssuedDocument

# Kind → the abbreviation of the document's type (Decree 30, Appendix III).
KIND_ABBREVIATIONS = {
    IssuedDocument.Kind.DECISION: "QĐ",
    IssuedDocument.Kind.PERMISSION: "QĐ",
    IssuedDocument.Kind.PROPOSAL: "TTr",
    IssuedDocument.Kind.REPORT: "BC",
    IssuedDocument.Kind.HANDOVER: "BB",
    IssuedDocument.Kind.LOSS_NOTICE: "TB",
}


def next_number(*, year: int, issuer: str) -> int:
    """Take the next number of (year, issuer). Must run inside the issuing transaction: the
    counter row stays locked until it commits, and a rolled-back issue gives its number back,
    so the register has no gap. (SQLite serialises writers in IMMEDIATE mode.)"""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the issuing transaction")
    DocumentCounter.objects.get_or_create(year=year, issuer=issuer)
    counter = DocumentCounter.objects.select_for_update().get(year=year, issuer=issuer)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def symbol_of(number: int, kind: str, issuer: str) -> str:
    """`05/QĐ-UBND`: the number (a leading zero under 10), the type, the issuing body."""
    return f"{number:02d}/{KIND_ABBREVIATIONS[kind]}-{issuer}"
