"""Excel workbooks written row by row (openpyxl's write-only mode): each row costs the same
whatever was written before it, and memory stays flat (rows go to a temporary file).

Columns are typed once: 'text' (always a string cell, never a formula, whatever its first
character: formula injection), 'date' (dd/mm/yyyy), 'vnd' (đồng), 'int'. Each column keeps
one prepared cell, reused row after row: a write-only row is written out as it is appended.
"""

import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

DATE_FORMAT = "dd/mm/yyyy"
VND_FORMAT = '#,##0 "đ"'
BOLD = Font(bold=True)
FORMATS = {"date": DATE_FORMAT, "vnd": VND_FORMAT}


class Sheet:
    def __init__(self, book, title, headers, formats, widths=None):
        self.sheet = book.create_sheet(str(title)[:31])
        for index, width in enumerate(widths or [], start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.freeze_panes = "A2"
        self.formats = list(formats)
        self._cells = [self._cell(kind) for kind in self.formats]
        self.rows = 0
        self.append_bold([str(h) for h in headers])
        self.rows = 0  # data rows only

    def _cell(self, kind, bold=False):
        cell = WriteOnlyCell(self.sheet)
        if kind in FORMATS:
            cell.number_format = FORMATS[kind]
        if bold:
            cell.font = BOLD
        return cell

    def _fill(self, cell, kind, value):
        if kind == "text":
            cell.value = "" if value is None else str(value)
            cell.data_type = "s"  # never a formula
        else:
            cell.value = value
        return cell

    def append(self, values):
        self.sheet.append(
            [
                self._fill(cell, kind, value)
                for cell, kind, value in zip(self._cells, self.formats, values, strict=True)
            ]
        )
        self.rows += 1

    def append_bold(self, values):
        """A header or a total row."""
        kinds = self.formats if len(values) == len(self.formats) else ["text"] * len(values)
        self.sheet.append(
            [self._fill(self._cell(k, True), k, v) for k, v in zip(kinds, values, strict=True)]
        )
        self.rows += 1


def workbook() -> Workbook:
    return Workbook(write_only=True)


def save(book) -> tempfile.SpooledTemporaryFile:
    """The workbook in a temporary file (in memory while small), rewound for reading."""
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)
    book.save(out)
    out.seek(0)
    return out
