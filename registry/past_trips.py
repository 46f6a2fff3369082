"""Trips decided on paper before the system was used, one row per trip, members by their
personnel code. Each row goes through `trips.services.trip_record_past`, the one way such a
trip is recorded: in the check inside a savepoint that is rolled back (so the preview shows
exactly the service's own verdict), and for real when confirmed."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from agencies.models import Agency, Official
from core.countries import Destinations
from registry import spreadsheet as cells
from registry.spreadsheet import Column
from trips.models import TripRequest
from trips.policy.facts import MemberData
from trips.services import trip_record_past

COLUMNS = [
    Column("agency", "Mã cơ quan", required=True),
    Column("kind", "Loại chuyến đi", required=True),
    Column("title", "Tên đoàn / chuyến đi", required=True),
    Column("purpose", "Mục đích"),
    Column("countries", "Quốc gia đến", required=True),
    Column("departure_date", "Ngày xuất cảnh", required=True),
    Column("return_date", "Ngày nhập cảnh", required=True),
    Column("inviter", "Cơ quan, tổ chức mời"),
    Column("organiser_type", "Đơn vị tổ chức"),
    Column("estimated_cost_vnd", "Dự toán kinh phí (đồng)"),
    Column("head", "Trưởng đoàn (mã cán bộ)", required=True),
    Column("others", "Thành viên khác (mã cán bộ)"),
    Column("decision_number", "Số quyết định", required=True),
    Column("decided_on", "Ngày quyết định", required=True),
    Column("decided_by", "Người ký", required=True),
    Column("status", "Trạng thái"),
]
EXAMPLE = ["so-noi-vu", "Đi công tác", "Đoàn khảo sát cải cách hành chính", "Học tập kinh nghiệm",
           "JP; KR", "10/03/2026", "15/03/2026", "Tỉnh Gunma", "Chính phủ, chính quyền nước ngoài",
           "250000000", "CB000123", "CB000124; CB000125", "45/QĐ-UBND", "01/03/2026",
           "Nguyễn Văn B – Chủ tịch UBND tỉnh", "Đã về nước"]  # fmt: skip


def _by_label(choices) -> dict:
    table = {}
    for value, label in choices:
        table[value.casefold()] = value
        table[str(label).casefold()] = value
    return table


@dataclass
class RowResult:
    line: int
    code: str  # the decision number
    name: str  # the trip's title
    action: str = "create"  # create | unchanged | error
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    arguments: dict = field(default_factory=dict)

    def as_dict(self):
        return {"line": self.line, "code": self.code, "name": self.name, "action": self.action,
                "errors": self.errors, "changes": self.changes}  # fmt: skip


class _Rollback(Exception):
    """Raised to undo a trial recording of one row."""


def check_rows(rows: list[dict], *, progress=None, actor=None) -> list:
    agencies = dict(Agency.objects.filter(is_active=True).values_list("code", "id"))
    codes = [c.strip() for row in rows for c in _codes(row)]
    officials = dict(
        Official.objects.filter(personnel_code__in=codes).values_list("personnel_code", "id")
    )
    results, seen = [], {}
    for index, row in enumerate(rows):
        result = _parse(row, agencies, officials)
        key = (result.arguments.get("fields", {}).get("agency"), result.code)
        if not result.errors and key in seen:
            result.errors.append(_("Trùng số quyết định với dòng %(line)s.") % {"line": seen[key]})
        seen.setdefault(key, result.line)
        if not result.errors:
            _trial(result, actor)
        result.action = "error" if result.errors else result.action
        results.append(result)
        if progress and index % 50 == 49:
            progress(index + 1)
    return results


def _codes(row) -> list:
    head = cells.text(row.get("head")) if _is_text(row.get("head")) else ""
    others = cells.text(row.get("others")) if _is_text(row.get("others")) else ""
    return [head, *others.replace(",", ";").split(";")]


def _is_text(value) -> bool:
    try:
        cells.text(value)
    except ValidationError:
        return False
    return True


def _parse(row: dict, agencies: dict, officials: dict) -> RowResult:
    errors, values = [], {}
    parsers = {"departure_date": cells.date, "return_date": cells.date,
               "decided_on": cells.date, "estimated_cost_vnd": cells.integer}  # fmt: skip
    for column in COLUMNS:
        try:
            value = parsers.get(column.code, cells.text)(row.get(column.code))
        except ValidationError as error:
            errors.extend(f"{column.header}: {m}" for m in error.messages)
            continue
        if column.required and value in (None, ""):
            errors.append(_("%(column)s: bắt buộc phải ghi.") % {"column": column.header})
        values[column.code] = value
    result = RowResult(row["_line"], values.get("decision_number") or "", values.get("title") or "")
    result.errors = errors + _resolve(values, agencies, officials, result)
    return result


def _resolve(values: dict, agencies: dict, officials: dict, result: RowResult) -> list:
    errors = []
    agency_id = agencies.get(values.get("agency"))
    if values.get("agency") and agency_id is None:
        errors.append(_("Mã cơ quan không có trong danh mục cơ quan đang hoạt động."))
    kind = _by_label(TripRequest.Kind.choices).get((values.get("kind") or "").casefold())
    if values.get("kind") and kind is None:
        errors.append(_("Loại chuyến đi phải là “Đi công tác” hoặc “Việc riêng”."))
    organiser = _by_label(TripRequest.OrganiserType.choices).get(
        (values.get("organiser_type") or "").casefold(), TripRequest.OrganiserType.STATE
    )
    known = {code for code, _name in Destinations()}
    countries = [
        c.strip().upper()
        for c in (values.get("countries") or "").replace(",", ";").split(";")
        if c.strip()
    ]
    if [c for c in countries if c not in known]:
        errors.append(_("Quốc gia đến phải ghi bằng mã hai chữ cái (JP, KR...), cách nhau dấu ;."))
    status_word = (values.get("status") or "").casefold()
    status = _by_label(
        [(s, TripRequest.Status(s).label) for s in TripRequest.COUNTED_STATUSES]
    ).get(status_word, TripRequest.Status.APPROVED if not status_word else None)
    if status is None:
        errors.append(_("Trạng thái phải là “Đã phê duyệt” hoặc “Đã về nước”."))
    members = []
    for position, code in enumerate(_codes(values)):
        if not code.strip():
            continue
        official_id = officials.get(code.strip())
        if official_id is None:
            errors.append(_("Không có cán bộ mã %(code)s.") % {"code": code.strip()})
        members.append(MemberData(official_id, position == 0))
    fields = {name: values.get(name) for name in
              ("title", "purpose", "departure_date", "return_date", "inviter")}  # fmt: skip
    fields = {k: v for k, v in fields.items() if v is not None}
    fields.update(agency=agency_id, kind=kind, countries=countries, organiser_type=organiser,
                  estimated_cost_vnd=values.get("estimated_cost_vnd") or 0)  # fmt: skip
    result.arguments = {
        "fields": fields, "members": members, "status": status,
        "decision_number": values.get("decision_number") or "",
        "decided_on": values.get("decided_on"), "decided_by": values.get("decided_by") or "",
    }  # fmt: skip
    if not errors and _already_recorded(fields):
        result.action = "unchanged"
    return errors


def _already_recorded(fields) -> bool:
    """The same trip recorded before (the same file imported twice)."""
    return TripRequest.objects.filter(
        agency_id=fields["agency"], title=fields.get("title", ""),
        departure_date=fields.get("departure_date"), return_date=fields.get("return_date"),
        status__in=TripRequest.COUNTED_STATUSES,
    ).exists()  # fmt: skip


def _trial(result: RowResult, actor) -> None:
    if result.action != "create":
        return
    try:
        with transaction.atomic():
            trip_record_past(actor=actor, **result.arguments)
            raise _Rollback
    except _Rollback:
        pass
    except PermissionDenied as error:
        result.errors.append(str(error))
    except ValidationError as error:
        result.errors.extend(_messages(error))


def _messages(error: ValidationError) -> list:
    if not hasattr(error, "error_dict"):
        return error.messages
    lines = []
    for name, problems in error.message_dict.items():
        try:
            label = TripRequest._meta.get_field(name).verbose_name
        except Exception:  # decision_number, members...: not fields of the trip
            label = None
        lines.extend(f"{label}: {m}" if label else m for m in problems)
    return lines


def apply_rows(results: list, *, actor) -> dict:
    """Record each new trip through the service; runs inside the caller's transaction."""
    for result in results:
        if result.action == "create":
            trip_record_past(actor=actor, **result.arguments)
    return counts(results)


def counts(results: list) -> dict:
    tally = {"create": 0, "change": 0, "unchanged": 0, "error": 0}
    for result in results:
        tally[result.action] += 1
    return {"created": tally["create"], "changed": tally["change"],
            "unchanged": tally["unchanged"], "errors": tally["error"]}  # fmt: skip
