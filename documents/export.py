"""The register as an Excel workbook, row by row (exports.xlsx: linear, every user-typed
value written as text, never as a formula); a year's book (tens of thousands of rows) is
built by a worker (exports/), registered here as "register"."""

from django.http import QueryDict

from documents.models import IssuedDocument
from documents.register_pages import filtered_register, listed
from exports import xlsx
from exports.registry import Export, register

HEADERS = [
    "Số, ký hiệu",
    "Ngày ban hành",
    "Loại văn bản",
    "Trích yếu nội dung",
    "Người ký",
    "Hồ sơ",
    "SHA-256",
]
FORMATS = ["text"] * 7
WIDTHS = (16, 14, 30, 60, 35, 8, 66)
FIELDS = ("symbol", "issued_on", "kind", "title", "signer", "trip_id", "sha256")
CHUNK = 2000


def register_workbook(rows, *, year: int, progress=lambda done: None):
    """`rows`: FIELDS tuples in the register's order; returns the file (exports.xlsx.save)."""
    book = xlsx.workbook()
    sheet = xlsx.Sheet(book, f"So van ban di {year}", HEADERS, FORMATS, WIDTHS)
    kinds = {value: str(label) for value, label in IssuedDocument.Kind.choices}
    for symbol, issued_on, kind, title, signer, trip_id, sha256 in rows:
        sheet.append(
            [symbol, issued_on.strftime("%d/%m/%Y"), kinds.get(kind, kind), title, signer,
             str(trip_id or ""), sha256]
        )  # fmt: skip
        if sheet.rows % 500 == 0:
            progress(sheet.rows)
    return xlsx.save(book)


def _rows(user, params):
    _form, rows, year = filtered_register(user, QueryDict(params.get("query", "")))
    return listed(rows), year


def count_register(user, params, limit=None) -> int:
    rows = _rows(user, params)[0].order_by()
    return rows[: limit + 1].count() if limit is not None else rows.count()


def build_register(user, params, progress):
    rows, year = _rows(user, params)
    values = rows.values_list(*FIELDS).iterator(chunk_size=CHUNK)
    return register_workbook(values, year=year, progress=progress)


def connect():
    register("register", Export(count=count_register, build=build_register))
