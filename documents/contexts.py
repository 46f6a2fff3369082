"""What each document says, as plain data for its template. The documents are legal
Vietnamese texts (Decree 30/2020/NĐ-CP): they are written in Vietnamese whatever the reader's
interface language, so their wording lives here and in templates/documents/pdf/, not in the
translation catalogue."""

import datetime as dt
import json
from dataclasses import dataclass, field, fields, is_dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from authority.headers import parent_line
from core.countries import vietnamese_names
from core.rawsql import columns, fetch, instances, placeholders
from documents.rendering import place_and_date


def legal_bases() -> list[str]:
    """The legal bases from DOCUMENT_LEGAL_BASES, each printed with what is set: "Căn cứ Luật
    … số 49/2019/QH14 ngày 22 tháng 11 năm 2019;", "Căn cứ Công văn của … về …;"."""
    lines = []
    for basis in settings.DOCUMENT_LEGAL_BASES:
        parts = [f"Căn cứ {basis.get('kind', '').strip()}"]
        if basis.get("issuer"):
            parts.append(f"của {basis['issuer'].strip()}")
        if basis.get("number"):
            parts.append(f"số {basis['number'].strip()}")
        if basis.get("date"):
            day = dt.date.fromisoformat(basis["date"])
            parts.append(f"ngày {day:%d} tháng {day.month:02d} năm {day.year}")
        if basis.get("title"):
            parts.append(basis["title"].strip())
        lines.append(" ".join(parts) + ";")
    return lines


PASSPORT_KINDS = {"diplomatic": "Ngoại giao", "official": "Công vụ", "ordinary": "Phổ thông"}


@dataclass
class Signature:
    """The signature block (Decree 30, Art. 8 and Appendix I): `signed_as` is "KT.", "Q.",
    "TUQ.", "TL." or empty, each after "TM. " for a collective's decision ("TM." alone: its
    head); `acting_for_title` the title of whom the signer signs for; `collective` the
    collective's name printed after "TM." (authority/signing_capacity.py)."""

    name: str
    title: str
    signed_as: str = ""
    acting_for_title: str = ""
    collective: str = ""

    @property
    def lines(self) -> list[str]:
        """KT. CHỦ TỊCH / PHÓ CHỦ TỊCH; Q. CHỦ TỊCH (one line); TUQ. CHỦ TỊCH / CHÁNH VĂN
        PHÒNG; TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG; or the title alone; under "TM. ỦY BAN NHÂN
        DÂN" for a collective's decision."""
        capacity = self.signed_as
        first = []
        if capacity == "TM." or capacity.startswith("TM. "):
            first = [f"TM. {self.collective}".strip()]
            capacity = capacity[3:].strip()
        if capacity == "Q.":
            return [*first, f"Q. {self.acting_for_title}"]
        if capacity:
            return [*first, f"{capacity} {self.acting_for_title}", self.title]
        return [*first, self.title]

    @property
    def printed(self) -> str:
        return f"{self.name}, {self.title.capitalize()}" if self.title else self.name


class _FrozenEncoder(DjangoJSONEncoder):
    def default(self, o):
        if is_dataclass(o) and not isinstance(o, type):
            return {f.name: getattr(o, f.name) for f in fields(o)}
        return super().default(o)


@dataclass
class Document:
    kind: str
    symbol: str
    issued_on: dt.date
    heading: str
    subject: str
    issuer_lines: list
    signature: Signature
    issuer_parent: list = field(default_factory=list)
    recipients: list = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        return f"{self.heading.capitalize()} {self.subject[0].lower()}{self.subject[1:]}"

    def as_context(self) -> dict:
        doc = {
            "kind": self.kind,
            "symbol": self.symbol,
            "title": self.title,
            "heading": self.heading,
            "subject": self.subject,
            "issuer_parent": self.issuer_parent,
            "issuer_lines": self.issuer_lines,
            "place_and_date": place_and_date(settings.DOCUMENT_PLACE, self.issued_on),
            "recipients": self.recipients,
            "signature": self.signature,
        }
        doc.update(self.extra)
        return {"doc": doc}

    def frozen(self) -> dict:
        """Everything the template needs, as JSON values (the register row's `content`):
        rendering it later gives the same paper whatever happened to the trip since."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["issued_on"] = self.issued_on.isoformat()
        # Through JSON now, not at save: what is rendered later is exactly what was stored.
        # The encoder turns the signature (and any dataclass in `extra`) into its fields as
        # asdict() would, without asdict's deep copy of everything first (issue 26).
        return json.loads(json.dumps(data, cls=_FrozenEncoder))

    @classmethod
    def thawed(cls, data: dict) -> "Document":
        data = dict(data)
        data["issued_on"] = dt.date.fromisoformat(data["issued_on"])
        data["signature"] = Signature(**data["signature"])
        return cls(**data)


def body_issuer(body) -> tuple[str, list, str, list]:
    """(symbol, header lines, full name, the parent body's header lines) of an issuing body
    (authority.Body): its symbol numbers the document in its own series; an agency of the
    province prints the People's Committee above its own name, on one line and abbreviated
    ("UBND THÀNH PHỐ HỒ CHÍ MINH": Decree 30, Appendix I)."""
    parent = [body.parent.as_parent_line] if body.parent_id else []
    return body.symbol, body.header_lines, " ".join(body.header_lines), parent


def _settings_issuer(short, lines, parent=()) -> tuple[str, list, str, list]:
    # A database whose bodies were flushed (a transactional test without migration_data).
    return short, list(lines), " ".join(lines), list(parent)


def province_issuer() -> tuple[str, list, str, list]:
    """The People's Committee."""
    from authority.models import Body

    body = Body.objects.select_related("parent").filter(code=Body.PROVINCE).first()
    if body is None:
        lines = [settings.DOCUMENT_PROVINCE_BODY, settings.DOCUMENT_PROVINCE_NAME]
        return _settings_issuer(settings.DOCUMENT_PROVINCE_SHORT, lines)
    return body_issuer(body)


def department_issuer() -> tuple[str, list, str, list]:
    from authority.models import Body

    body = Body.objects.select_related("parent").filter(code=Body.DEPARTMENT).first()
    if body is None:
        parent = [parent_line([settings.DOCUMENT_PROVINCE_BODY, settings.DOCUMENT_PROVINCE_NAME])]
        return _settings_issuer(
            settings.DOCUMENT_DEPARTMENT_SHORT, [settings.DOCUMENT_DEPARTMENT_BODY], parent
        )
    return body_issuer(body)


def agency_issuer(agency) -> tuple[str, list, str, list]:
    """The agency's own body: its symbol, e.g. SNgV."""
    from authority.selectors import body_for_agency

    return body_issuer(body_for_agency(agency))


def short(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def destination_of(trip) -> str:
    names = vietnamese_names()
    return ", ".join(names.get(str(c.code), str(c.name)) for c in trip.countries)


def passport_kind_of(passports, *, is_business: bool) -> str:
    """The kind of passport a member travels on, from their passports (`passports_of`)."""
    from passports import fitness  # passports sits beside documents, imported when used

    kinds = fitness.required_kinds(is_business=is_business, passports=passports)
    kind = next((p.kind for p in passports if p.kind in kinds), None) or sorted(kinds)[0]
    return PASSPORT_KINDS.get(kind, kind)


def passports_of(official_ids) -> dict[int, list]:
    """{official id: their passports, by kind then as registered}, one hand-written statement
    (the ORM's prefetch of a delegation's passports cost a decision 1.4 ms of CPU, most of it
    compiling; held equal in documents/tests/test_passports_of.py)."""
    from passports.models import Passport  # beside documents, imported when used

    found = {pk: [] for pk in official_ids}
    if not found:
        return found
    sql = (
        f"SELECT {columns(Passport, 'p')} FROM {Passport._meta.db_table} p "
        f"WHERE p.official_id IN ({placeholders(found)}) ORDER BY p.kind, p.id"
    )
    for passport in instances(Passport, fetch(sql, list(found))):
        found[passport.official_id].append(passport)
    return found


def members_of(trip) -> list[dict]:
    is_business = trip.is_business
    rows = []
    members = trip.members_read()  # a move's, with their officials
    if members is None:
        members = list(trip.members.select_related("official__agency"))
    passports = passports_of([m.official_id for m in members])
    for member in members:
        official = member.official
        position = ", ".join(p for p in (official.position, official.agency.name) if p)
        rows.append(
            {
                "name": official.full_name,
                "position": position,
                "passport": passport_kind_of(passports[official.pk], is_business=is_business),
                "is_head": member.is_head,
            }
        )
    return rows


def funding_of(trip) -> str:
    if not trip.is_business:
        return "Cá nhân tự túc toàn bộ kinh phí chuyến đi."
    if trip.estimated_cost_vnd:
        return (
            f"Kinh phí chuyến đi do {trip.agency.name} chi trả từ nguồn kinh phí hoạt động đối "
            f"ngoại đã được phê duyệt; dự toán {money(trip.estimated_cost_vnd)} đồng."
        )
    return f"Kinh phí chuyến đi do {trip.agency.name} bảo đảm theo quy định."


def money(amount: int) -> str:
    """1.250.000: Vietnamese groups thousands with dots."""
    return f"{amount:,}".replace(",", ".")


def trip_facts(trip) -> dict:
    """The facts of a trip every document about it repeats."""
    return {
        "members": members_of(trip),
        "destination": destination_of(trip),
        "departure": short(trip.departure_date),
        "return": short(trip.return_date),
        "days": (trip.return_date - trip.departure_date).days + 1,
        "inviter": trip.inviter,
        "purpose": (trip.purpose or trip.title).strip().rstrip("."),
        "funding": funding_of(trip),
    }


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
