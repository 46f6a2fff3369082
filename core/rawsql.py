"""Model instances from hand-written SQL, for the few hot paths (the rules' facts step, a
move's chain and members) where the ORM spent more time compiling a small query than the
database spent running it.

    sql = f"SELECT {columns(Official, 'o')} FROM agencies_official o WHERE o.id IN (%s, %s)"
    officials = instances(Official, fetch(sql, [1, 2]))

Each value goes through the converters the ORM's own compiler applies to that column on this
database (SQLite's timestamps made aware, JSON decoded, a UNION's dates and booleans given
back their type), so an instance reads as the ORM's would.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connection, connections


def placeholders(values) -> str:
    return ", ".join(["%s"] * len(values))


@functools.cache
def columns(model, alias: str) -> str:
    """Every concrete column of `model`, in field order, qualified by `alias`."""
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in model._meta.concrete_fields)


def fetch(sql: str, params, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def values_rows(queryset) -> list[tuple]:
    """The rows of a values_list() queryset as the driver hands them back: the ORM's own SQL
    (on the database the queryset reads: a replica for the statistics), run without its
    per-value converters, which cost a grouped statistics query more than the database's
    work. Only for columns the driver already gives as wanted, ints and strings: PostgreSQL
    gives a SUM of a bigint as numeric, so such a sum is cast by the caller."""
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # an empty IN (): nobody's scope
        return []
    return fetch(sql, params, using=queryset.db)


@functools.cache
def _reading(model, vendor: str) -> tuple[list[str], list]:
    """The attribute names of `model`'s columns and, for those that need them, the converters
    Django's compiler applies (SQLCompiler.get_converters) on the database `vendor`."""
    fields = model._meta.concrete_fields
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, found, column))
    return [field.attname for field in fields], converters


def instances(model, rows, *, extra: tuple[str, ...] = (), start: int = 0) -> list:
    """`model` instances from rows of `columns(model, ...)` (from column `start` on: a row can
    hold several models, joined), each followed by the values of `extra` (set as attributes,
    like the ORM's annotations). None where the primary key is NULL (an outer join's miss)."""
    # The connection itself, not the `connection` proxy: each of the proxy's attributes is a
    # look-up in a context-local, and the converters ask it per value.
    db = connections[DEFAULT_DB_ALIAS]
    names, converters = _reading(model, db.vendor)
    end = start + len(names)
    objects = []
    for row in rows:
        if row[start] is None:
            objects.append(None)
            continue
        values = list(row[start:end])
        for index, found, column in converters:
            value = values[index]
            for convert in found:
                value = convert(value, column, db)
            values[index] = value
        obj = model.from_db(db.alias, names, values)
        for name, value in zip(extra, row[end : end + len(extra)], strict=True):
            setattr(obj, name, value)
        objects.append(obj)
    return objects


def as_prefetched(obj, name: str, objects) -> None:
    """`objects` kept as `obj.<name>.all()` (a reverse relation), as prefetch_related keeps
    what it read: reading them costs no query; a query made from them (filter, values) is
    the relation's own."""
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    cache.pop(name, None)
    queryset = getattr(obj, name).all()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    cache[name] = queryset


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
    points to, or a hand-written SELECT of their ids as `pk`: (sql, params)), skipping those a
    unique constraint already holds, in one INSERT … SELECT … RETURNING (as insert_new): the
    people a notice goes to are not read first."""
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
            values.append(f"s.{connection.ops.quote_name('pk')}")  # values("pk") names it
            continue
        value = f.get_db_prep_save(f.pre_save(template, add=True), connection)
        values.append(f"NULL{cast}" if value is None else f"%s{cast}")
        params += [] if value is None else [value]
    if isinstance(select, tuple):  # a hand-written SELECT of the ids, as `pk`, and its params
        sub_sql, sub_params = select
    else:
        # The people's ids alone, unordered: values() clones the (often large) query once,
        # and the clone is this function's to change (an annotation and a second clone cost
        # more).
        query = select.values("pk").query
        query.clear_ordering(force=True)
        try:
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
