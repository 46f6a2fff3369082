"""Model instances from hand-written SQL, for the few hot paths (the rules' facts step) where
the ORM spent more time compiling a small query than the database spent running it.

    sql = f"SELECT {columns(Official, 'o')} FROM agencies_official o WHERE o.id IN (%s, %s)"
    officials = instances(Official, fetch(sql, [1, 2]))

Only for models whose concrete fields need no conversion from the database value (numbers,
text, booleans, dates): `instances` refuses the others rather than hand back raw values.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.db import connection, models

# Fields whose database value is the Python value on PostgreSQL and SQLite (SQLite's date
# columns come back as dates: Django registers the converter by declared type).
_PLAIN = (
    models.AutoField,
    models.BigAutoField,
    models.BooleanField,
    models.CharField,
    models.DateField,
    models.ForeignKey,
    models.IntegerField,
    models.TextField,
)


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@functools.cache
def _fields(model):
    fields = model._meta.concrete_fields
    for field in fields:
        if isinstance(field, models.DateTimeField) or not isinstance(field, _PLAIN):
            raise TypeError(f"{model.__name__}.{field.name} needs a conversion: use the ORM")
    return fields


@functools.cache
def columns(model, alias: str) -> str:
    """Every concrete column of `model`, in field order, qualified by `alias`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in _fields(model))


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _converter(field):
    # SQLite loses a column's declared type in a UNION: dates come back as text, booleans
    # as 0 / 1.
    if isinstance(field, models.DateField):
        return as_date
    if isinstance(field, models.BooleanField):
        return lambda value: value if value is None else bool(value)
    return None


@functools.cache
def _reading(model) -> tuple[list[str], list]:
    fields = _fields(model)
    converters = [
        (index, convert) for index, field in enumerate(fields) if (convert := _converter(field))
    ]
    return [field.attname for field in fields], converters


def instances(model, rows, *, extra: tuple[str, ...] = ()) -> list:
    """`model` instances from rows of `columns(model, ...)`, each followed by the values of
    `extra` (set as attributes, like the ORM's annotations)."""
    names, converters = _reading(model)
    count = len(names)
    objects = []
    for row in rows:
        values = list(row[:count])
        for index, convert in converters:
            values[index] = convert(values[index])
        obj = model.from_db(connection.alias, names, values)
        for name, value in zip(extra, row[count:], strict=True):
            setattr(obj, name, value)
        objects.append(obj)
    return objects


def as_date(value) -> dt.date | None:
    """A date from an expression SQLite hands back as ISO text (a UNION, a subquery)."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)
