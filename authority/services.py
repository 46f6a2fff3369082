"""Every change to the bodies, positions and authorities (issue 23): one transaction, the
model's validation (a Vietnamese message), and an audit row (who, when, old, new) as the
policy's changes have. The API and the admin call these."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict

from authority.defaults import agency_body_fields
from authority.models import Authority, AuthorityChange, Body, Position

BODY_FIELDS = ["name", "symbol", "header", "parent", "agency"]
POSITION_FIELDS = ["body", "title", "kind", "holder", "starts_on", "ends_on"]


def _snapshot(obj, fields) -> dict | None:
    if obj is None or obj.pk is None:
        return None
    data = model_to_dict(obj, fields=fields)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _audit(actor, target, old, new) -> None:
    AuthorityChange.objects.create(actor=actor, target=target, old_value=old, new_value=new)


def _save(obj, fields, *, actor, target):
    """Validate (a ValidationError with the model's Vietnamese messages), save, audit."""
    model = type(obj)
    before = _snapshot(model.objects.filter(pk=obj.pk).first(), fields) if obj.pk else None
    obj.full_clean()
    obj.save()
    _audit(actor, f"{target}:{obj.pk}", before, _snapshot(obj, fields))
    return obj


def body_save(*, actor, body: Body | None = None, **fields) -> Body:
    """Create (body None) or change a body; its symbol stays unique (400 otherwise)."""
    with transaction.atomic():
        if body is None:
            body = Body(code=fields.pop("code", "") or _free_code(fields.get("symbol", "")))
        else:
            body = Body.objects.select_for_update().get(pk=body.pk)
        for name, value in fields.items():
            setattr(body, name, value)
        return _save(body, BODY_FIELDS, actor=actor, target="body")


def _free_code(symbol: str) -> str:
    base = f"body-{symbol.lower()}"[:36] or "body"
    code, n = base, 1
    while Body.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def position_save(*, actor, position: Position | None = None, **fields) -> Position:
    with transaction.atomic():
        if position is None:
            position = Position()
        else:
            position = Position.objects.select_for_update().get(pk=position.pk)
        for name, value in fields.items():
            setattr(position, name, value)
        return _save(position, POSITION_FIELDS, actor=actor, target="position")


def position_delete(*, actor, position: Position) -> None:
    """A position never held by a decision's signer is removed; one that was stays (PROTECT
    in the chain's history is by person, so the row itself may go)."""
    with transaction.atomic():
        before = _snapshot(position, POSITION_FIELDS)
        target = f"position:{position.pk}"
        position.delete()
        _audit(actor, target, before, None)


def authority_put(
    *, actor, level: str, kind: str = "", issuing_body=None, steps=None, collective=False
) -> Authority:
    """Set the authority of a level (and kind): its steps validated (400 with the list of
    what is wrong), the old value kept in the audit row."""
    with transaction.atomic():
        row = Authority.objects.select_for_update().filter(level=level, kind=kind).first()
        before = _authority_value(row)
        row = row or Authority(level=level, kind=kind)
        row.issuing_body, row.steps, row.collective = issuing_body, steps, bool(collective)
        row.full_clean()
        row.save()
        _audit(actor, f"authority:{level}:{kind}", before, _authority_value(row))
        return row


def _authority_value(row) -> dict | None:
    if row is None:
        return None
    return {"issuing_body": row.issuing_body_id, "steps": row.steps, "collective": row.collective}


def body_for_agency(agency) -> Body:
    """The agency's own issuing body, made (under the People's Committee, with the agency's
    initials made unique) if it has none; its name follows the agency's. Read once per agency
    object (a submission asks for it twice: the chain and the proposal's header)."""
    cached = agency.__dict__.get("_authority_body")
    if cached is not None:
        return cached
    body = ensure_agency_body(agency)
    agency.__dict__["_authority_body"] = body
    return body


def ensure_agency_body(agency) -> Body:
    """The agency's body, read afresh (made if missing)."""
    body = Body.objects.select_related("parent").filter(agency=agency).first()
    if body is not None:
        if body.name != agency.name:
            Body.objects.filter(pk=body.pk).update(name=agency.name)
            body.name = agency.name
        return body
    department = Body.objects.filter(code=Body.DEPARTMENT, agency=None, name=agency.name)
    if department.update(agency=agency):  # the agency is the Department itself
        return Body.objects.get(code=Body.DEPARTMENT)
    parent = Body.objects.filter(code=Body.PROVINCE).first()
    for _attempt in range(3):  # two agencies created at once may want the same initials
        fields = agency_body_fields(
            agency, parent=parent, taken=lambda s: Body.objects.filter(symbol=s).exists()
        )
        try:
            with transaction.atomic():
                return Body.objects.create(**fields)
        except IntegrityError:
            continue
    raise IntegrityError("no free symbol for the agency's body")
