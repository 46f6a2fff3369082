"""Reading an uploaded spreadsheet (XLSX or CSV) into rows keyed by column code.

tablib does the reading (openpyxl for XLSX, the csv module for CSV); this module bounds what
it is given (size, unpacked size, rows), maps the Vietnamese headers to column codes and turns
cells into Python values with Vietnamese messages. Nothing here touches the database.
"""

import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import is_number

XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # a zip bomb unpacks a thousandfold
# A text cell starting with one of these is a formula to a spreadsheet program (CSV/formula
# injection, OWASP): refused, so that nothing stored here runs when exported again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    code: str
    header: str  # Vietnamese, as in the template
    required: bool = False


def normalise_header(text) -> str:
    text = unicodedata.normalize("NFC", str(text or "")).strip().rstrip("*").strip()
    return " ".join(text.casefold().split())


def read_rows(content: bytes, file_name: str, columns: list[Column]) -> list[dict]:
    """The data rows as dicts {code: raw cell}, with "_line" the spreadsheet's line number.

    Raises ValidationError (Vietnamese) for a file that cannot be read at all."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            _("Tệp lớn hơn %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        )
    dataset = _load(content, file_name)
    if dataset.height > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            _("Tệp có %(rows)s dòng, quá giới hạn %(limit)s dòng: hãy chia thành nhiều tệp.")
            % {"rows": dataset.height, "limit": settings.IMPORT_MAX_ROWS}
        )
    by_header = {normalise_header(column.header): column for column in columns}
    positions = {}
    for index, header in enumerate(dataset.headers or []):
        column = by_header.get(normalise_header(header))
        if column is not None and column.code not in positions:
            positions[column.code] = index
    missing = [c.header for c in columns if c.required and c.code not in positions]
    if missing:
        raise ValidationError(
            _("Thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu.")
            % {"columns": ", ".join(missing)}
        )
    rows = []
    for number, values in enumerate(dataset, start=2):  # line 1 holds the headers
        if all(value in (None, "") for value in values):
            continue
        row = {code: values[index] for code, index in positions.items()}
        row["_line"] = number
        rows.append(row)
    return rows


def _load(content: bytes, file_name: str) -> tablib.Dataset:
    if content[:4] == b"PK\x03\x04":
        _check_archive(content)
        try:
            return tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        except Exception as error:  # openpyxl raises many kinds for a broken workbook
            raise ValidationError(_("Không đọc được tệp Excel (.xlsx).")) from error
    if not file_name.lower().endswith(".csv"):
        raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError(_("Tệp CSV phải được lưu với bảng mã UTF-8.")) from error
    if "\x00" in text:
        raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    try:
        # Excel saves "CSV" with ";" where the decimal mark is a comma (Vietnamese Windows).
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except Exception as error:  # the csv module's errors, ragged rows
        raise ValidationError(_("Không đọc được tệp CSV.")) from error


def _check_archive(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise ValidationError(_("Không đọc được tệp Excel (.xlsx).")) from error
    if "xl/workbook.xml" not in names:
        raise ValidationError(_("Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv)."))
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise ValidationError(_("Tệp Excel khi giải nén quá lớn."))


# --- cells → values ----------------------------------------------------------------------

TRUE_WORDS = {"có", "x", "1", "true", "yes", "đúng", "c"}
FALSE_WORDS = {"", "không", "0", "false", "no", "sai", "k"}


def text(value) -> str:
    """A text cell: stripped, NFC, never a formula."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number in Excel
    result = unicodedata.normalize("NFC", str(value)).strip()
    if result.startswith(FORMULA_STARTS):
        raise ValidationError(
            _("Ô bắt đầu bằng “%(char)s” (có thể là công thức): không nhận.") % {"char": result[0]}
        )
    return result


def date(value) -> dt.date | None:
    """A date cell: an Excel date, or dd/mm/yyyy (also yyyy-mm-dd) as text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("Ngày “%(value)s” không hợp lệ (ghi theo dạng ngày/tháng/năm).") % {"value": raw}
    )


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).casefold()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise ValidationError(_("“%(value)s” không phải Có hoặc Không.") % {"value": raw})


def integer(value) -> int | None:
    if isinstance(value, bool):
        raise ValidationError(_("“%(value)s” không phải là số.") % {"value": value})
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raw = text(value).replace(".", "").replace(",", "").replace(" ", "")
    if not raw:
        return None
    if not is_number(raw):
        raise ValidationError(_("“%(value)s” không phải là số.") % {"value": raw})
    return int(raw)


def template_workbook(columns: list[Column], example: list) -> bytes:
    """An XLSX with the headers (required ones marked *) and one example row, all text."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([f"{c.header} *" if c.required else c.header for c in columns])
    sheet.append([str(value) for value in example])
    for cell in sheet[2]:
        cell.data_type = "s"  # text, never a formula (openpyxl writes "=..." as one)
        cell.number_format = "@"
    for letter_cells in sheet.columns:
        sheet.column_dimensions[letter_cells[0].column_letter].width = 22
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
