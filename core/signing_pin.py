"""The signing PIN a decider typed, held for the one request that carries it.

The decision form and the API pass it to the approve service as a keyword; the service holds
it here while its transaction runs, and the document layer above (which signs the decision in
that transaction) reads it. It is never stored, echoed, logged, nor passed to a task: it leaves
the request only towards the signer's own key."""

import contextvars
from contextlib import contextmanager

_pin: contextvars.ContextVar[str | None] = contextvars.ContextVar("signing_pin", default=None)


@contextmanager
def holding(pin: str | None, *, remember: bool = True):
    """Hold `pin` for the `with`; None keeps what an outer caller holds (the demo seed holds
    the demo PIN around services that take none), "" means none was typed. `remember=False`
    inside a transaction that an outer `holding` wraps (core.workflow.move): that one
    remembers, after the rollback."""
    token = None if pin is None else _pin.set(pin or None)
    try:
        yield
    except Exception as error:
        # What the signer's key refused (a wrong PIN) is remembered although the move that
        # carried the PIN is undone: the caller's transaction opens inside this `with`, so
        # the refusal's `after_rollback` runs here, after that rollback, and only once.
        after = getattr(error, "after_rollback", None) if remember else None
        if after is not None:
            error.after_rollback = None
            after()
        raise
    finally:
        if token is not None:
            _pin.reset(token)


def current() -> str | None:
    return _pin.get()
