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

from django.core.exceptions import EmptyResultSet
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


def insert_new(objs, *, returning: tuple[str, ...]) -> list[tuple]:
    """Insert `objs` (one model) in one statement, skipping those a unique constraint already
    holds, and return `returning`'s columns of the rows written: INSERT … ON CONFLICT DO
    NOTHING (SQLite: INSERT OR IGNORE) … RETURNING. Django's bulk_create(ignore_conflicts=True)
    gives no ids back, and a pre-check plus a savepoint around a plain insert costs three more
    statements. The values are prepared by Django's own insert compiler (defaults, auto_now_add,
    JSON)."""
    from django.db.models.constants import OnConflict
    from django.db.models.sql import InsertQuery

    model = type(objs[0])
    fields = [f for f in model._meta.local_concrete_fields if not f.primary_key]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, objs)
    [(sql, params)] = query.get_compiler(connection=connection).as_sql()
    quote = connection.ops.quote_name
    returned = ", ".join(quote(model._meta.get_field(name).column) for name in returning)
    return fetch(f"{sql} RETURNING {returned}", params)


def insert_new_for_each(template, *, field: str, select, returning: tuple[str, ...]) -> list[tuple]:
    """One row like `template` for each row of `select` (a queryset of the model `field`
    points to), skipping those a unique constraint already holds, in one INSERT … SELECT …
    RETURNING (as insert_new): the people a notice goes to are not read first."""
    from django.db.models.constants import OnConflict

    model = type(template)
    target = model._meta.get_field(field)
    typed = connection.vendor == "postgresql"  # it types a SELECT list's values by their own
    values, params = [], []
    for f in model._meta.local_concrete_fields:
        if f.primary_key:
            continue
        cast = f"::{f.db_type(connection)}" if typed else ""
        if f is target:
            values.append("s.row_id")
            continue
        value = f.get_db_prep_save(f.pre_save(template, add=True), connection)
        values.append(f"NULL{cast}" if value is None else f"%s{cast}")
        params += [] if value is None else [value]
    try:
        query = select.order_by().values(row_id=models.F("pk")).query
        sub_sql, sub_params = query.sql_with_params()
    except EmptyResultSet:  # .none(), or an empty IN (): nobody
        return []
    quote = connection.ops.quote_name
    names = ", ".join(
        quote(f.column) for f in model._meta.local_concrete_fields if not f.primary_key
    )
    returned = ", ".join(quote(model._meta.get_field(name).column) for name in returning)
    sql = (
        f"{connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)} "
        f"{quote(model._meta.db_table)} ({names}) SELECT {', '.join(values)} FROM ({sub_sql}) s "
        f"{connection.ops.on_conflict_suffix_sql(None, OnConflict.IGNORE, None, None)} "
        f"RETURNING {returned}"
    )
    return fetch(sql, [*params, *sub_params])
