"""The HR register's list of officials: check each row against the database, then upsert.

Keyed on the personnel code (mã cán bộ). A row whose code is new but whose person (name and
date of birth) is an official without a code is that official: the code is given to them
rather than a second record made (the officials typed in by hand before go-live).
"""

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.models import Agency, Official
from agencies.services import official_transfer
from core.search import fold
from registry import spreadsheet as cells
from registry.spreadsheet import Column

COLUMNS = [
    Column("personnel_code", "Mã cán bộ", required=True),
    Column("full_name", "Họ và tên", required=True),
    Column("agency", "Mã cơ quan", required=True),
    Column("gender", "Giới tính"),
    Column("date_of_birth", "Ngày sinh"),
    Column("position", "Chức vụ"),
    Column("is_key_leader", "Lãnh đạo chủ chốt"),
    Column("leave_base_days", "Số ngày phép cơ bản", required=True),
    Column("service_start_date", "Ngày bắt đầu công tác", required=True),
    Column("email", "Thư điện tử"),
]
EXAMPLE = ["CB000123", "Nguyễn Văn An", "so-noi-vu", "Nam", "15/03/1980", "Phó Giám đốc",
           "Có", "12", "01/09/2005", "an.nv@example.gov.vn"]  # fmt: skip
# The fields an import may set (is_active and the login belong to other screens).
FIELDS = [c.code for c in COLUMNS if c.code != "agency"] + ["agency_id"]
GENDER_WORDS = {"nam": Official.Gender.MALE, "male": Official.Gender.MALE,
                "nữ": Official.Gender.FEMALE, "nu": Official.Gender.FEMALE,
                "female": Official.Gender.FEMALE, "": ""}  # fmt: skip


@dataclass
class RowResult:
    line: int
    code: str
    name: str
    action: str = "unchanged"  # create | change | unchanged | error
    errors: list = field(default_factory=list)
    changes: list = field(default_factory=list)  # [(label, before, after)]
    values: dict = field(default_factory=dict)
    official_id: int | None = None

    def as_dict(self):
        return {"line": self.line, "code": self.code, "name": self.name, "action": self.action,
                "errors": self.errors, "changes": self.changes}  # fmt: skip


def identity(name: str, born) -> tuple | None:
    if not born:
        return None
    return (" ".join(unicodedata.normalize("NFC", name).casefold().split()), born)


class Register:
    """What the check compares against, loaded in three queries."""

    def __init__(self):
        self.agencies = dict(Agency.objects.filter(is_active=True).values_list("code", "id"))
        self.agency_names = dict(Agency.objects.values_list("id", "name"))
        self.by_code, self.by_identity = {}, {}
        for official in Official.objects.only("id", *[f for f in FIELDS]).iterator(2000):
            if official.personnel_code:
                self.by_code[official.personnel_code] = official
            key = identity(official.full_name, official.date_of_birth)
            if key:
                self.by_identity.setdefault(key, []).append(official)


def parse_row(row: dict, register: Register) -> tuple[dict, list]:
    """The row's values for the model's fields, and its errors (Vietnamese)."""
    values, errors = {}, []
    parsers = {
        "date_of_birth": cells.date, "service_start_date": cells.date,
        "is_key_leader": cells.boolean, "leave_base_days": cells.integer,
    }  # fmt: skip
    for column in COLUMNS:
        if column.code not in row:
            continue
        try:
            value = parsers.get(column.code, cells.text)(row[column.code])
        except ValidationError as error:
            errors.extend(f"{column.header}: {m}" for m in error.messages)
            continue
        if column.required and value in (None, ""):
            errors.append(_("%(column)s: bắt buộc phải ghi.") % {"column": column.header})
            continue
        values[column.code] = value
    errors.extend(_check_values(values, register))
    return values, errors


def _check_values(values: dict, register: Register) -> list:
    errors = []
    if "agency" in values:
        agency_id = register.agencies.get(values.pop("agency"))
        if agency_id is None:
            errors.append(_("Mã cơ quan không có trong danh mục cơ quan đang hoạt động."))
        values["agency_id"] = agency_id
    if "gender" in values:
        gender = GENDER_WORDS.get(values["gender"].casefold())
        if gender is None:
            errors.append(_("Giới tính phải là Nam hoặc Nữ."))
        values["gender"] = gender or ""
    if values.get("leave_base_days") not in (None, 12, 14, 16):
        errors.append(_("Số ngày phép cơ bản phải là 12, 14 hoặc 16."))
    if values.get("email"):
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("Thư điện tử không hợp lệ."))
    for name in ("personnel_code", "full_name", "position", "date_of_birth",
                 "service_start_date"):  # fmt: skip
        if values.get(name) not in (None, ""):
            model_field = Official._meta.get_field(name)
            try:
                model_field.run_validators(values[name])
            except ValidationError as error:
                errors.extend(f"{model_field.verbose_name}: {m}" for m in error.messages)
            if (
                getattr(model_field, "max_length", None)
                and len(values[name]) > model_field.max_length
            ):
                errors.append(
                    _("%(field)s dài quá %(n)s ký tự.")
                    % {"field": model_field.verbose_name, "n": model_field.max_length}
                )
    return errors


def check_rows(rows: list[dict], *, progress=None, actor=None) -> list[RowResult]:
    """Every row's outcome against the database as it is now; writes nothing."""
    register = Register()
    results, seen_codes, seen_people = [], {}, {}
    for index, row in enumerate(rows):
        values, errors = parse_row(row, register)
        result = RowResult(row["_line"], values.get("personnel_code", ""),
                           values.get("full_name", ""), errors=errors, values=values)  # fmt: skip
        _match(result, register, seen_codes, seen_people)
        results.append(result)
        if progress and index % 500 == 499:
            progress(index + 1)
    return results


def _match(result: RowResult, register: Register, seen_codes: dict, seen_people: dict):
    code, values = result.code, result.values
    if code and code in seen_codes:
        result.errors.append(
            _("Mã cán bộ trùng với dòng %(line)s của tệp.") % {"line": seen_codes[code]}
        )
    seen_codes.setdefault(code, result.line)
    person = identity(values.get("full_name", ""), values.get("date_of_birth"))
    if person and person in seen_people and seen_people[person][1] != code:
        result.errors.append(
            _("Trùng người (họ tên, ngày sinh) với dòng %(line)s của tệp.")
            % {"line": seen_people[person][0]}
        )
    if person:
        seen_people.setdefault(person, (result.line, code))
    existing = register.by_code.get(code)
    if existing is None and person:
        same = [o for o in register.by_identity.get(person, []) if o.personnel_code != code]
        coded = [o for o in same if o.personnel_code]
        if coded:
            result.errors.append(
                _("Trùng người (họ tên, ngày sinh) với cán bộ đã có mã %(other)s.")
                % {"other": coded[0].personnel_code}
            )
        elif len(same) == 1:
            existing = same[0]  # typed by hand before go-live: this row gives them the code
    if result.errors:
        result.action = "error"
        return
    if existing is None:
        result.action = "create"
        return
    result.official_id = existing.pk
    result.changes = _differences(existing, values, register)
    result.action = "change" if result.changes else "unchanged"


def _differences(official: Official, values: dict, register: Register) -> list:
    changes = []
    for name, after in values.items():
        before = getattr(official, name)
        if before == after or (before in (None, "") and after in (None, "")):
            continue
        label = str(Official._meta.get_field(name.removesuffix("_id")).verbose_name)
        if name == "agency_id":
            label = _(
                "Điều chuyển cơ quan (từ ngày nhập; báo các hồ sơ đang mở, bàn giao hộ chiếu)"
            )
        changes.append([label, _shown(name, before, register), _shown(name, after, register)])
    return changes


def _shown(name, value, register) -> str:
    if value in (None, ""):
        return "–"
    if name == "agency_id":
        return register.agency_names.get(value, str(value))
    if name == "is_key_leader":
        return _("Có") if value else _("Không")
    if name == "gender":
        return str(Official.Gender(value).label)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def apply_rows(results: list[RowResult], *, actor=None) -> dict:
    """Create and update the officials of checked rows (no row in error): the one place the
    import writes officials. Each created or changed official gets its history row
    (simple-history's bulk helpers: `save()` signals do not fire on bulk writes), with the
    importing user as who. Runs inside the caller's transaction.

    A new agency is a transfer, and goes through `agencies.services.official_transfer`
    effective on the import's day, rather than being refused: the HR register (Sở Nội vụ) is
    the province's record of who works where, and its monthly list already reflects the
    transfer decisions in force. Refusing would hold back the whole file until the
    administrator had re-typed each move on the transfer page; going through the same service
    keeps what matters (open requests flagged to both agencies, passports' custody handed
    over, the Transfer row). The preview says so on the row. An earlier decision date can
    still be recorded by hand on the transfer page before the import.

    Leaving the service is not in the register's columns (FIELDS): the import never sets
    `left_on` or `is_active`, so it cannot bypass `official_leave`.
    """
    creates = [Official(**r.values) for r in results if r.action == "create"]
    changed = [r for r in results if r.action == "change"]
    officials = Official.objects.in_bulk([r.official_id for r in changed])
    updates, moves = [], []
    for result in changed:
        official = officials[result.official_id]
        values = dict(result.values)
        if values.get("agency_id", official.agency_id) != official.agency_id:
            moves.append((official, values.pop("agency_id")))
        for name, value in values.items():
            setattr(official, name, value)
        if len(result.changes) > (1 if moves and moves[-1][0] is official else 0):
            updates.append(official)
    # Bulk writes skip save(): the searched form of the name is set here (core.search).
    for official in (*creates, *updates):
        official.name_folded = fold(official.full_name)
    history = {"default_user": actor, "default_change_reason": _("Nhập danh sách cán bộ")}
    bulk_create_with_history(creates, Official, batch_size=500, **history)
    bulk_update_with_history(updates, Official, [*FIELDS, "name_folded"], batch_size=500, **history)
    _transfer(moves, actor)
    return counts(results)


def _transfer(moves: list, actor) -> None:
    today = timezone.localdate()
    note = _("Theo danh sách cán bộ nhập ngày %(day)s.") % {"day": today.strftime("%d/%m/%Y")}
    for official, agency_id in moves:
        official_transfer(
            official=official,
            to_agency=Agency(pk=agency_id),
            effective_on=today,
            actor=actor,
            note=note,
        )


def counts(results: list[RowResult]) -> dict:
    tally = {"create": 0, "change": 0, "unchanged": 0, "error": 0}
    for result in results:
        tally[result.action] += 1
    return {"created": tally["create"], "changed": tally["change"],
            "unchanged": tally["unchanged"], "errors": tally["error"]}  # fmt: skip
