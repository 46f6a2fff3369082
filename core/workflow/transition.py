"""`transition()`, the one way a status changes, and `actions_for()`, the one answer to
"what may this user do here"."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction as db_transaction
from django.urls import reverse

from core import rawsave
from core.errors import NotAllowed
from core.signals import moved
from core.workflow.move import locked_here
from core.workflow.table import Action, table_for


def _resolve(table, obj, to_or_action) -> tuple[Action | None, str]:
    action = table.action(to_or_action)
    if action is not None and action.target is not None:
        if not action.applies_to(obj):
            raise table.not_allowed(obj, action.target)
        return action, action.target
    target = to_or_action
    if not table.allows(obj.status, target):
        raise table.not_allowed(obj, target)
    action = next(
        (a for a in table.actions if a.target == target and obj.status in a.sources),
        None,
    )
    return action, target


MEMO = "_workflow_memo"


def memo(obj, key: str, compute):
    """A value the table's conditions read many times for one object (the step a request
    waits at): computed once per object, and forgotten by `transition()` as soon as the
    object moves, so that nobody pins or forgets it by hand."""
    cache = obj.__dict__.setdefault(MEMO, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


_RELATIONS = contextvars.ContextVar("workflow_relations", default=None)


@contextmanager
def one_relation_per_request():
    """Within it (one browser or API action), a user's relation to an object is worked out
    once: the view's check and the service's, on its locked row, share it as long as the
    object is in the same state (the table's `state`: a move in between recomputes it)."""
    token = _RELATIONS.set({})
    try:
        yield
    finally:
        _RELATIONS.reset(token)


def relation_for(user, obj):
    """The table's relation of `user` to `obj`, once per request where one is open."""
    table = table_for(obj)
    cache = _RELATIONS.get()
    if cache is None or obj.pk is None:
        return table.relation(user, obj)
    key = (type(obj), obj.pk, getattr(user, "pk", None), table.state(obj))
    if key not in cache:
        cache[key] = table.relation(user, obj)
    return cache[key]


def require_move(obj, to_or_action: str) -> None:
    """Refuse now (the table's "not allowed" error) if the object's status does not allow
    the move: services check it before heavier work, `transition()` checks it again."""
    _resolve(table_for(obj), obj, to_or_action)


def transition(
    obj,
    to_or_action: str,
    actor,
    *,
    note: str = "",
    acting_for=None,
    snapshot: dict | None = None,
    check_permission: bool = False,
    update_fields: list[str] | None = None,
):
    """Check the move is in the table (and, with `check_permission`, that `actor` may take
    it), set the status, save, write the history row and call the table's notify hook; all
    inside the caller's transaction. `to_or_action`: an action's name or a target status.
    `snapshot`: values for the history model's own fields (e.g. findings, policy in force).
    `update_fields`: other fields the caller changed, saved with the status. Returns the
    history row."""
    table = table_for(obj)
    action, target = _resolve(table, obj, to_or_action)
    note = (note or "").strip()
    if action is not None and action.needs_reason and not note:
        raise table.reason_required()
    if check_permission and actor is not None:
        if action is None or not action.allowed(relation_for(actor, obj)):
            raise NotAllowed()
    # The caller's transaction, not a savepoint inside it: nothing here is rolled back apart
    # (an error undoes the whole move; a caller's own atomic still protects what came before).
    with db_transaction.atomic(savepoint=False):
        from_status, obj.status = obj.status, target
        if update_fields is None:
            obj.save()
        else:
            fields = {"status", *update_fields}
            if any(f.name == "updated_at" for f in obj._meta.get_fields()):
                fields.add("updated_at")
            obj.save(update_fields=sorted(fields))
        # What was read before the move (the conditions' memo, prefetched rows) is stale,
        # but for the relations the app's services keep current (the table's kept_on_move),
        # which the notices and the observers below read.
        obj.__dict__.pop(MEMO, None)
        prefetched = obj.__dict__.pop("_prefetched_objects_cache", None) or {}
        kept = {name: prefetched[name] for name in table.kept_on_move if name in prefetched}
        if kept:
            obj._prefetched_objects_cache = kept
        row = rawsave.insert(
            table.history(
                **{table.history.subject_field: obj},
                from_status=from_status,
                to_status=target,
                action=action.name if action else "",
                actor=actor,
                acting_for=acting_for,
                note=note,
                **(snapshot or {}),
            )
        )
        if table.notify is not None:
            table.notify(obj, row)
        # Apps above react (core.signals.moved): the documents issue a decision at approval.
        moved.send(sender=type(obj), obj=obj, row=row)
    # Kept for the move's notices and observers only: the caller's object reads afresh,
    # unless the caller read it locked for this move (an API action answers from it, in the
    # same transaction, with the relations the services kept current).
    obj.__dict__.pop(MEMO, None)
    if not locked_here(obj):
        for name in table.kept_on_move:
            obj.__dict__.get("_prefetched_objects_cache", {}).pop(name, None)
    return row


def record_created(
    obj, actor, *, note: str = "", snapshot: dict | None = None, notify=True, action: str = ""
):
    """The first history row of a new object (from nothing to its initial status), by the
    table's `action` when one names the creation (a passport's registration)."""
    table = table_for(obj)
    row = rawsave.insert(
        table.history(
            **{table.history.subject_field: obj},
            from_status="",
            to_status=obj.status,
            action=action,
            actor=actor,
            note=note,
            **(snapshot or {}),
        )
    )
    if notify and table.notify is not None:
        table.notify(obj, row)
    moved.send(sender=type(obj), obj=obj, row=row)
    return row


@dataclass(frozen=True)
class AvailableAction:
    """An action this user may take on this object now, with where to send it."""

    action: Action
    url: str

    def __getattr__(self, name):
        return getattr(self.action, name)


def actions_for(user, obj, *, relation=None) -> list[AvailableAction]:
    """The actions `user` may take on `obj` now, in the table's order: its status allows
    them and the user's relation to the object passes their predicate."""
    table = table_for(obj)
    relation = relation or relation_for(user, obj)
    return [
        AvailableAction(action, _url(table, action, obj))
        for action in table.actions
        if action.applies_to(obj) and action.allowed(relation)
    ]


def _url(table, action, obj) -> str:
    if action.url_name:  # an action served by its own view (e.g. starting a report)
        return reverse(action.url_name, args=table.url_args(obj))
    return reverse(table.url_name, args=[*table.url_args(obj), action.slug or action.name])


def may(user, obj, name: str, *, relation=None) -> bool:
    """Who may: `user`'s relation to `obj` passes the predicate of the table's action `name`,
    whatever the object's status (a status that does not allow it is the service's conflict,
    409, not a permission)."""
    table = table_for(obj)
    action = table.action(name)
    if action is None or user is None:
        return False
    return action.allowed(relation or relation_for(user, obj))


def require_may(user, obj, name: str, message=None, *, relation=None) -> None:
    """`may`, or NotAllowed (403) with the caller's message."""
    if not may(user, obj, name, relation=relation):
        raise NotAllowed(message)


def allowed_action(user, obj, name: str) -> AvailableAction | None:
    """The named action if `user` may take it on `obj` now; views and the API refuse it
    otherwise."""
    return next((a for a in actions_for(user, obj) if a.name == name), None)
