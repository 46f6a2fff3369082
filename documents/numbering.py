"""Numbers of the outgoing register: one sequence per year and issuing body, from 1 on
1 January, without gaps (Decree 30/2020/NĐ-CP Art. 15: "số của văn bản ... bắt đầu liên tiếp
từ số 01 vào ngày 01 tháng 01 và kết thúc vào ngày 31 tháng 12 hằng năm")."""

from django.db import connection, transaction

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
    # One statement (it was four to six): the counter made or moved on, its row locked by
    # the update until the commit, the number read back (PostgreSQL; SQLite 3.35+).
    table = connection.ops.quote_name(DocumentCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, issuer, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (year, issuer) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year, issuer],
        )
        return cursor.fetchone()[0]


def symbol_of(number: int, kind: str, issuer: str) -> str:
    """`05/QĐ-UBND`: the number (a leading zero under 10), the type, the issuing body."""
    return f"{number:02d}/{KIND_ABBREVIATIONS[kind]}-{issuer}"
