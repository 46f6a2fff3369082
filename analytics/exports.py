"""Excel workbooks with Vietnamese headers, dd/mm/yyyy dates and đồng amounts, written row
by row (exports.xlsx: linear, user text always as text, never as a formula)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries as country_names

from exports import xlsx
from trips.models import TripRequest

TRIP_HEADERS = [
    gettext_lazy("Mã"), gettext_lazy("Tên đoàn / chuyến đi"), gettext_lazy("Cơ quan"), gettext_lazy("Loại"), gettext_lazy("Trạng thái"), gettext_lazy("Ngày đi"),
    gettext_lazy("Ngày về"), gettext_lazy("Quốc gia"), gettext_lazy("Số người"), gettext_lazy("Dự toán (đồng)"), gettext_lazy("Hạn báo cáo"),
]  # fmt: skip
TRIP_FORMATS = ["int", "text", "text", "text", "text", "date", "date", "text", "int", "vnd", "date"]
TRIP_WIDTHS = [8, 50, 30, 14, 18, 12, 12, 20, 10, 18, 12]
# The columns a trip row is read with (values_list: no model instance per row).
TRIP_FIELDS = (
    "pk", "title", "agency__name", "kind", "status", "departure_date", "return_date",
    "countries", "member_count", "estimated_cost_vnd", "report_due_on",
)  # fmt: skip


class TripLabels:
    """Kinds, statuses and countries translated once per export, not once per row."""

    def __init__(self):
        self.kinds = {value: str(label) for value, label in TripRequest.Kind.choices}
        self.statuses = {value: str(label) for value, label in TripRequest.Status.choices}
        self._countries = {}

    def countries(self, stored) -> str:
        if stored not in self._countries:
            codes = stored.split(",") if isinstance(stored, str) else [str(c) for c in stored]
            self._countries[stored] = ", ".join(country_names.name(c) or c for c in codes if c)
        return self._countries[stored]

    def row(self, values) -> list:
        pk, title, agency, kind, status, dep, ret, stored, members, cost, due = values
        return [
            pk, title, agency, self.kinds.get(kind, kind), self.statuses.get(status, status),
            dep, ret, self.countries(stored), members, cost, due,
        ]  # fmt: skip


def _trip_sheet(book, title, rows, progress, widths=TRIP_WIDTHS, total=True):
    sheet = xlsx.Sheet(book, title, TRIP_HEADERS, TRIP_FORMATS, widths)
    labels, people, cost = TripLabels(), 0, 0
    for values in rows:
        sheet.append(labels.row(values))
        people += values[8] or 0
        cost += values[9] or 0
        if sheet.rows % 500 == 0:
            progress(sheet.rows)
    if total:
        sheet.append_bold(["", _("Tổng cộng"), "", "", "", None, None, "", people, cost, None])
    return sheet


def trips_workbook(rows, progress=lambda done: None):
    """The trip list as it is filtered on screen, with a total row. `rows`: TRIP_FIELDS
    tuples (an iterator); returns the file (exports.xlsx.save)."""
    book = xlsx.workbook()
    _trip_sheet(book, _("Hồ sơ đi nước ngoài"), rows, progress)
    return xlsx.save(book)


STATS_HEADERS = [
    gettext_lazy("Cơ quan"), gettext_lazy("Số hồ sơ"), gettext_lazy("Đã duyệt"), gettext_lazy("Đi công tác"), gettext_lazy("Việc riêng"), gettext_lazy("Số người đã cử"),
    gettext_lazy("Ngày-người ở nước ngoài"), gettext_lazy("Dự toán (đồng)"), gettext_lazy("Thực chi (đồng)"), gettext_lazy("Báo cáo đúng hạn"),
    gettext_lazy("Báo cáo trễ hạn"), gettext_lazy("Cảnh báo đã giải trình"), gettext_lazy("Quốc gia"),
]  # fmt: skip
STATS_FORMATS = ["text", *["int"] * 6, "vnd", "vnd", *["int"] * 3, "text"]
STATS_WIDTHS = [36, 10, 10, 12, 10, 14, 16, 18, 18, 14, 14, 16, 30]


def _stats_values(f) -> list:
    return [
        f.trips, f.approved, f.by_kind["business"], f.by_kind["private"], f.people_sent,
        f.days_abroad, f.estimated_cost_vnd, f.actual_cost_vnd, f.reports_on_time,
        f.reports_late, f.warnings_justified,
    ]  # fmt: skip


def _stats_sheet(book, title, figures):
    sheet = xlsx.Sheet(book, title, STATS_HEADERS, STATS_FORMATS, STATS_WIDTHS)
    totals = [0] * 11
    for f in figures:
        values = _stats_values(f)
        totals = [t + v for t, v in zip(totals, values, strict=True)]
        countries = ", ".join(f"{code} ({n})" for code, n in f.country_counts)
        sheet.append([f.agency, *values, countries])
    sheet.append_bold([_("Tổng cộng"), *totals, ""])
    return sheet


def statistics_workbook(figures, title):
    book = xlsx.workbook()
    _stats_sheet(book, title, figures)
    return xlsx.save(book)


def year_end_workbook(agency, year, figures, rows, progress=lambda done: None):
    """The year-end summary an agency's figures go upward in: the totals, then every trip."""
    book = xlsx.workbook()
    _stats_sheet(book, _("Tổng hợp năm %(year)s") % {"year": year}, figures)
    _trip_sheet(book, _("Danh sách chuyến đi"), rows, progress, widths=None, total=False)
    return xlsx.save(book)
