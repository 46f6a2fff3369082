"""Excel workbooks (openpyxl) with Vietnamese headers, dd/mm/yyyy dates and đồng amounts.

User text is always written as text: a title that starts with "=" must never become a
formula in the reader's spreadsheet (formula injection).
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

DATE_FORMAT = "dd/mm/yyyy"
VND_FORMAT = '#,##0 "đ"'
BOLD = Font(bold=True)


def _text(cell, value):
    cell.value = "" if value is None else str(value)
    cell.data_type = "s"  # never a formula, whatever the first character


def _sheet(workbook, title, headers, widths=None):
    # The first sheet reuses the workbook's empty default one.
    sheet = workbook.active if workbook.active.title == "Sheet" else workbook.create_sheet()
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = BOLD
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _append(sheet, values, formats):
    """One row: ('text'|'date'|'vnd'|'int', value) pairs."""
    row = sheet.max_row + 1
    for column, (kind, value) in enumerate(zip(formats, values, strict=True), start=1):
        cell = sheet.cell(row=row, column=column)
        if kind == "text":
            _text(cell, value)
        else:
            cell.value = value
            if kind == "date":
                cell.number_format = DATE_FORMAT
            elif kind == "vnd":
                cell.number_format = VND_FORMAT
    return row


def _save(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TRIP_HEADERS = [
    gettext_lazy("Mã"), gettext_lazy("Tên đoàn / chuyến đi"), gettext_lazy("Cơ quan"), gettext_lazy("Loại"), gettext_lazy("Trạng thái"), gettext_lazy("Ngày đi"),
    gettext_lazy("Ngày về"), gettext_lazy("Quốc gia"), gettext_lazy("Số người"), gettext_lazy("Dự toán (đồng)"), gettext_lazy("Hạn báo cáo"),
]  # fmt: skip
TRIP_FORMATS = ["int", "text", "text", "text", "text", "date", "date", "text", "int", "vnd", "date"]


def _trip_row(trip) -> list:
    return [
        trip.pk, trip.title, trip.agency.name, trip.get_kind_display(), trip.get_status_display(),
        trip.departure_date, trip.return_date, ", ".join(c.name for c in trip.countries),
        trip.member_count, trip.estimated_cost_vnd, trip.report_due_on,
    ]  # fmt: skip


def trips_workbook(trips) -> bytes:
    """The trip list as it is filtered on screen, with a total row."""
    workbook = Workbook()
    sheet = _sheet(
        workbook,
        _("Hồ sơ đi nước ngoài"),
        [str(h) for h in TRIP_HEADERS],
        [8, 50, 30, 14, 18, 12, 12, 20, 10, 18, 12],
    )
    total_people = total_cost = 0
    for trip in trips:
        _append(sheet, _trip_row(trip), TRIP_FORMATS)
        total_people += trip.member_count
        total_cost += trip.estimated_cost_vnd
    row = _append(
        sheet,
        ["", _("Tổng cộng"), "", "", "", None, None, "", total_people, total_cost, None],
        TRIP_FORMATS,
    )
    for cell in sheet[row]:
        cell.font = BOLD
    return _save(workbook)


STATS_HEADERS = [
    gettext_lazy("Cơ quan"), gettext_lazy("Số hồ sơ"), gettext_lazy("Đã duyệt"), gettext_lazy("Đi công tác"), gettext_lazy("Việc riêng"), gettext_lazy("Số người đã cử"),
    gettext_lazy("Ngày-người ở nước ngoài"), gettext_lazy("Dự toán (đồng)"), gettext_lazy("Thực chi (đồng)"), gettext_lazy("Báo cáo đúng hạn"),
    gettext_lazy("Báo cáo trễ hạn"), gettext_lazy("Cảnh báo đã giải trình"), gettext_lazy("Quốc gia"),
]  # fmt: skip
STATS_FORMATS = [
    "text",
    "int",
    "int",
    "int",
    "int",
    "int",
    "int",
    "vnd",
    "vnd",
    "int",
    "int",
    "int",
    "text",
]
STATS_TOTALLED = [
    "trips",
    "approved",
    "business",
    "private",
    "people_sent",
    "days_abroad",
    "estimated_cost_vnd",
    "actual_cost_vnd",
    "reports_on_time",
    "reports_late",
    "warnings_justified",
]


def _stats_values(f):
    return {
        "trips": f.trips, "approved": f.approved, "business": f.by_kind["business"],
        "private": f.by_kind["private"], "people_sent": f.people_sent, "days_abroad": f.days_abroad,
        "estimated_cost_vnd": f.estimated_cost_vnd, "actual_cost_vnd": f.actual_cost_vnd,
        "reports_on_time": f.reports_on_time, "reports_late": f.reports_late,
        "warnings_justified": f.warnings_justified,
    }  # fmt: skip


def _stats_sheet(workbook, title, figures):
    sheet = _sheet(
        workbook,
        title,
        [str(h) for h in STATS_HEADERS],
        [36, 10, 10, 12, 10, 14, 16, 18, 18, 14, 14, 16, 30],
    )
    totals = dict.fromkeys(STATS_TOTALLED, 0)
    for f in figures:
        values = _stats_values(f)
        for key in STATS_TOTALLED:
            totals[key] += values[key]
        countries = ", ".join(f"{code} ({n})" for code, n in f.country_counts)
        _append(sheet, [f.agency, *values.values(), countries], STATS_FORMATS)
    row = _append(sheet, [_("Tổng cộng"), *totals.values(), ""], STATS_FORMATS)
    for cell in sheet[row]:
        cell.font = BOLD
    return sheet


def statistics_workbook(figures, title) -> bytes:
    workbook = Workbook()
    _stats_sheet(workbook, title, figures)
    return _save(workbook)


def year_end_workbook(agency, year, figures, trips) -> bytes:
    """The year-end summary an agency's figures go upward in: the totals, then every trip."""
    workbook = Workbook()
    _stats_sheet(workbook, _("Tổng hợp năm %(year)s") % {"year": year}, figures)
    trip_sheet = _sheet(workbook, _("Danh sách chuyến đi"), [str(h) for h in TRIP_HEADERS])
    for trip in trips:
        _append(trip_sheet, _trip_row(trip), TRIP_FORMATS)
    return _save(workbook)
