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


def _audit(actor, target, old, new, reason="") -> None:
    AuthorityChange.objects.create(
        actor=actor, target=target, old_value=old, new_value=new, note=reason
    )


def _save(obj, fields, *, actor, target, reason=""):
    """Validate (a ValidationError with the model's Vietnamese messages), save, audit."""
    model = type(obj)
    before = _snapshot(model.objects.filter(pk=obj.pk).first(), fields) if obj.pk else None
    obj.full_clean()
    obj.save()
    _audit(actor, f"{target}:{obj.pk}", before, _snapshot(obj, fields), reason)
    return obj


def body_save(*, actor, body: Body | None = None, reason: str = "", **fields) -> Body:
    """Create (body None) or change a body; its symbol stays unique (400 otherwise). `reason`
    is kept in the audit row (the pages ask for one)."""
    with transaction.atomic():
        if body is None:
            body = Body(code=fields.pop("code", "") or _free_code(fields.get("symbol", "")))
        else:
            body = Body.objects.select_for_update().get(pk=body.pk)
        for name, value in fields.items():
            setattr(body, name, value)
        return _save(body, BODY_FIELDS, actor=actor, target="body", reason=reason)


def _free_code(symbol: str) -> str:
    base = f"body-{symbol.lower()}"[:36] or "body"
    code, n = base, 1
    while Body.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def position_save(
    *, actor, position: Position | None = None, reason: str = "", **fields
) -> Position:
    with transaction.atomic():
        if position is None:
            position = Position()
        else:
            position = Position.objects.select_for_update().get(pk=position.pk)
        for name, value in fields.items():
            setattr(position, name, value)
        return _save(position, POSITION_FIELDS, actor=actor, target="position", reason=reason)


def position_delete(*, actor, position: Position, reason: str = "") -> None:
    """A position never held by a decision's signer is removed; one that was stays (PROTECT
    in the chain's history is by person, so the row itself may go)."""
    with transaction.atomic():
        before = _snapshot(position, POSITION_FIELDS)
        target = f"position:{position.pk}"
        position.delete()
        _audit(actor, target, before, None, reason)


def authority_put(
    *,
    actor,
    level: str,
    kind: str = "",
    issuing_body=None,
    steps=None,
    collective=False,
    reason: str = "",
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
        _audit(actor, f"authority:{level}:{kind}", before, _authority_value(row), reason)
        return row


def _authority_value(row) -> dict | None:
    if row is None:
        return None
    return {"issuing_body": row.issuing_body_id, "steps": row.steps, "collective": row.collective}


def agency_body_sync(*, agency) -> Body:
    """The agency's save path (authority.signals, after every save of an agency, whichever
    path saved it): its body made if missing (under the People's Committee, with the agency's
    initials made unique), or renamed after the agency, with an audit row. The only place a
    body follows its agency: reading a body never writes (selectors.agency_body)."""
    with transaction.atomic():
        body = Body.objects.select_for_update().filter(agency=agency).first()
        if body is None:
            return _agency_body_create(agency)
        if body.name != agency.name:
            before = _snapshot(body, BODY_FIELDS)
            body.name = agency.name
            body.save(update_fields=["name"])
            AuthorityChange.objects.create(
                actor=None,
                target=f"body:{body.pk}",
                old_value=before,
                new_value=_snapshot(body, BODY_FIELDS),
                note=AGENCY_RENAMED,
            )
        return body


# The audit row's reason when a body follows its agency's new name (no person made it).
AGENCY_RENAMED = "Đổi tên theo tên mới của cơ quan, đơn vị."


def _agency_body_create(agency) -> Body:
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
