"""A move's own rows written by hand (issue 26): its history row, the chain steps it moves,
the document it registers.

Django's save compiles its INSERT or UPDATE anew each time, and for these one-row writes that
took longer than the database took to run them. Here the statement's text is built once per
model and field list; each value is prepared as the ORM prepares it (`pre_save`: auto_now_add;
`get_db_prep_save`: JSON, timestamps). No signal is sent, so a model that any pre_save or
post_save receiver listens to is saved by the ORM instead, and nobody's receiver is skipped;
so is a model whose save is its own, a proxy or a child table, or one with a database
default, a generated column or a field that writes its own placeholder.
"""

from __future__ import annotations

import functools

from django.db import DatabaseError, connection, transaction
from django.db.models import NOT_PROVIDED, Model
from django.db.models.signals import post_save, pre_save

from core.rawsql import fetch


def _heard(model) -> bool:
    """Anything that the ORM's save does and this does not: a receiver (asked each time: they
    come and go), or a model that is not one plain table saved as given."""
    return not _plain(model) or pre_save.has_listeners(model) or post_save.has_listeners(model)


@functools.cache
def _plain(model) -> bool:
    from core.history import AppendOnlyModel  # whose save only refuses an update

    meta = model._meta
    if meta.proxy or meta.parents or model.save not in (Model.save, AppendOnlyModel.save):
        return False
    return not any(
        f.db_default is not NOT_PROVIDED or f.generated or hasattr(f, "get_placeholder")
        for f in meta.local_concrete_fields
    )


@functools.cache
def _insert_sql(model, vendor: str) -> tuple[str, list]:
    meta, quote = model._meta, connection.ops.quote_name
    fields = [f for f in meta.local_concrete_fields if not f.primary_key]
    names = ", ".join(quote(f.column) for f in fields)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({values}) "
    return f"{sql}RETURNING {quote(meta.pk.column)}", fields


def insert(obj):
    """INSERT `obj` (a new instance), as `obj.save()` would, and set its primary key."""
    model = type(obj)
    if obj.pk is not None or _heard(model):
        obj.save()
        return obj
    sql, fields = _insert_sql(model, connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields]
    with transaction.mark_for_rollback_on_error():  # as the ORM's save
        [(pk,)] = fetch(sql, params)
    obj.pk = pk
    obj._state.adding, obj._state.db = False, connection.alias
    return obj


@functools.cache
def _update_sql(model, names: tuple[str, ...], vendor: str) -> tuple[str, list]:
    meta, quote = model._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    return sql, fields


def update(obj, names) -> None:
    """UPDATE `names` of `obj`'s row, as `obj.save(update_fields=names)` would: a DatabaseError
    when the row is not there."""
    model = type(obj)
    if _heard(model):
        obj.save(update_fields=list(names))
        return
    sql, fields = _update_sql(model, tuple(names), connection.vendor)
    params = [f.get_db_prep_save(f.pre_save(obj, add=False), connection) for f in fields]
    params.append(model._meta.pk.get_db_prep_value(obj.pk, connection))
    with transaction.mark_for_rollback_on_error(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        if cursor.rowcount != 1:
            raise DatabaseError("Save with update_fields did not affect any rows.")
