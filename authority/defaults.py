"""The bodies and authorities a new database starts with (issue 23): the People's Committee,
the Department of Home Affairs, one body per agency, and the law's defaults per management
level (AUTHORITY.md). Takes the model classes, so that the data migration passes its
historical models and the test suite's flush can put them back (conftest.migration_data)."""

import datetime as dt

from django.conf import settings

from authority.symbols import derive_symbol

LEADERS = ["head", "deputy", "acting_head"]
START = dt.date(2020, 1, 1)


def default_steps(province_id, department_id) -> dict:
    # The agency's head (or a deputy, KT.) signs its proposal first (the agency's own body).
    propose = {"action": "propose", "body": None, "positions": LEADERS}
    appraise = {"action": "appraise", "body": department_id, "positions": ["appraiser"]}
    opinion = {"action": "party_opinion", "body": department_id, "positions": ["appraiser"]}
    decide = {"action": "decide", "body": province_id, "positions": LEADERS}
    return {
        # Officials managed by their agency: the agency's head decides, the agency issues.
        "agency": (None, [{"action": "decide", "body": None, "positions": LEADERS}]),
        "province": (province_id, [propose, appraise, decide]),
        "standing_committee": (province_id, [propose, appraise, opinion, decide]),
    }


def agency_body_fields(agency, *, parent, taken) -> dict:
    """A new body for `agency`: its name, its symbol (kept if it had one and it is free, its
    initials made unique otherwise) under the People's Committee."""
    symbol = getattr(agency, "symbol", "") or ""
    if not symbol or taken(symbol):
        symbol = derive_symbol(agency.name, taken)
    return {
        "code": f"agency-{agency.code}"[:40],
        "name": agency.name,
        "symbol": symbol,
        "parent": parent,
        "agency": agency,
    }


def seed(Body, Authority, Agency, Position) -> None:
    """Idempotent: what exists is kept."""
    province, _ = Body.objects.get_or_create(
        code="province",
        defaults={
            "name": f"Ủy ban nhân dân {settings.PROVINCE_NAME}",
            "symbol": settings.DOCUMENT_PROVINCE_SHORT,
            "header": f"{settings.DOCUMENT_PROVINCE_BODY}\n{settings.DOCUMENT_PROVINCE_NAME}",
        },
    )
    department_symbol = settings.DOCUMENT_DEPARTMENT_SHORT
    # An agency that is the Department itself (its symbol already SNV) is that body.
    same = Agency.objects.filter(symbol=department_symbol).first() if _has_symbol(Agency) else None
    department, _ = Body.objects.get_or_create(
        code="department",
        defaults={
            "name": settings.DOCUMENT_DEPARTMENT_NAME,
            "symbol": department_symbol,
            "header": settings.DOCUMENT_DEPARTMENT_BODY,
            "parent": province,
            "agency": same,
        },
    )
    taken = set(Body.objects.values_list("symbol", flat=True))
    for agency in Agency.objects.filter(body__isnull=True).order_by("pk"):
        fields = agency_body_fields(agency, parent=province, taken=taken.__contains__)
        taken.add(fields["symbol"])
        Body.objects.create(**fields)
    for body, title in ((province, "CHỦ TỊCH"), (department, "GIÁM ĐỐC")):
        # Vacant until the administrator names the holder: the head's title is printed
        # after "KT." by whoever signs for them.
        if not Position.objects.filter(body=body, kind="head").exists():
            Position.objects.create(body=body, kind="head", title=title, starts_on=START)
    for level, (issuing, steps) in default_steps(province.pk, department.pk).items():
        Authority.objects.get_or_create(
            level=level,
            kind="",
            defaults={"issuing_body_id": issuing, "steps": steps},
        )


def _has_symbol(Agency) -> bool:
    return any(f.name == "symbol" for f in Agency._meta.get_fields())
