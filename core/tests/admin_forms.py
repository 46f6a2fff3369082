"""POST bodies for Django admin change forms, built from the rows themselves.

The refusal tests must post what a fully editable admin would accept (every field, every
inline's management form), so that on an unguarded admin the change goes through: a body the
form rejects would leave the database unchanged for the wrong reason.
"""

import datetime as dt
import json

from django.db import models


def _form_value(field, value):
    if isinstance(field, models.JSONField):
        return json.dumps(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None  # an unchecked box is simply absent
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(field, models.ForeignKey) or not hasattr(value, "__iter__"):
        return str(value)
    if isinstance(value, str):
        return value
    # Several choices (a country list): one value per code.
    return [str(getattr(item, "code", item)) for item in value]


def model_data(obj, *, prefix="", exclude=()) -> dict:
    data = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in exclude:
            continue
        value = _form_value(field, field.value_from_object(obj))
        if value is not None:
            data[f"{prefix}{field.name}"] = value
    return data


def inline_data(prefix, parent, rows, *, fk_name) -> dict:
    """One inline formset: existing rows (with pk) and new ones (unsaved instances)."""
    existing = [row for row in rows if row.pk is not None]
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(existing)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        form_prefix = f"{prefix}-{index}-"
        data.update(model_data(row, prefix=form_prefix, exclude=[fk_name]))
        data[f"{form_prefix}{fk_name}"] = str(parent.pk)
        data[f"{form_prefix}id"] = "" if row.pk is None else str(row.pk)
    return data
