"""The register as an Excel workbook (openpyxl): every user-typed value is written as text,
never as a formula (a title starting with "=" stays a title)."""

import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Font

HEADERS = [
    "Số, ký hiệu",
    "Ngày ban hành",
    "Loại văn bản",
    "Trích yếu nội dung",
    "Người ký",
    "Hồ sơ",
    "SHA-256",
]


def _text(cell, value):
    cell.value = value
    cell.data_type = TYPE_STRING  # openpyxl would otherwise read "=..." as a formula


def register_workbook(rows, *, year: int) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = f"So van ban di {year}"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        values = [
            row.symbol,
            row.issued_on.strftime("%d/%m/%Y"),
            str(row.get_kind_display()),
            row.title,
            row.signer,
            str(row.trip_id or ""),
            row.sha256,
        ]
        for column, value in enumerate(values, start=1):
            _text(sheet.cell(row=row_number, column=column), value)
    for column, width in zip("ABCDEFG", (16, 14, 30, 60, 35, 8, 66), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
