"""A move's one transaction, opened once however many callers ask for it.

A service opens it around its work; an API action that reads its object locked, checks who
may and answers (api.mixins.WorkflowActionsMixin) opens it first, and the service's own is
then that one: no savepoint inside it, one read of the locked row (`locked` / `locked_here`),
and a refusal anywhere undoes the whole action."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

from core import move_cache, queueing
from core.signing_pin import holding

_MOVE: ContextVar[object | None] = ContextVar("move", default=None)
_MARK = "_locked_in_move"


@contextmanager
def one_move(signing_pin: str | None = None):
    """The transaction of one move (its audit row and notices included), the signer's PIN
    held for it, the cache's settings read once in it (core.move_cache: the calendar's
    overrides, the policy's settings, which the rules, the report's deadline and the
    passports' hand-back all ask for), the tasks its commit queues sent as one message
    (core.queueing.one_message). Nested, it is the outer one; what a
    refusal leaves to remember after the rollback (a wrong PIN's count) is remembered by the
    outermost, once its transaction is undone."""
    if _MOVE.get() is not None:
        with holding(signing_pin, remember=False):
            yield
        return
    with (
        holding(signing_pin),
        move_cache.kept(),
        queueing.one_message(),
        transaction.atomic(),
    ):
        # Open while the transaction is: what runs at its commit or after its rollback (a
        # task in-process, a wrong PIN's count) is outside the move.
        token = _MOVE.set(object())
        try:
            yield
        finally:
            _MOVE.reset(token)


def locked(obj):
    """Mark `obj` as read FOR UPDATE in the open move: its services use it as it is."""
    setattr(obj, _MARK, _MOVE.get())
    return obj


def locked_here(obj) -> bool:
    """Whether `obj` was read locked in the move open now (not in an earlier one)."""
    move = _MOVE.get()
    return move is not None and getattr(obj, _MARK, None) is move
