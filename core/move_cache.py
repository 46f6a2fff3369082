"""The cache entries every workflow move reads (the calendar's overrides, the policy's
settings): within one move, read once, all of them in one round trip.

A module registers its key at import. In a move (`kept()`, opened by core.workflow.one_move)
the first `get` of any registered key fetches every registered key with one `get_many`, and
the move keeps what it found: its rules, deadlines and documents then read the same values,
with no further round trip. What a caller loads after a miss it `keep`s; a change made in the
move `drop`s its key, so the move reads it again. Outside a move, `get` is the cache's own.
`read` and `forget` are the whole round for such a setting: the cache an aid, never a
dependency (down, it is a query more, never an error page).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

logger = logging.getLogger(__name__)
_KEYS: list[str] = []
_KEPT: ContextVar[dict | None] = ContextVar("move_cache", default=None)


def register(key: str) -> str:
    if key not in _KEYS:
        _KEYS.append(key)
    return key


@contextmanager
def kept():
    """Within it, each registered key is read once. Nested, it is the outer one."""
    if _KEPT.get() is not None:
        yield
        return
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


def get(key: str):
    """The cached value of `key`, None when it is not cached. In a move, the value the move
    read (or kept) first; the first read fetches every registered key. The cache's errors
    reach the caller, which reads the database instead."""
    values = _KEPT.get()
    if values is None:
        return cache.get(key)
    if key not in values:
        wanted = [k for k in dict.fromkeys((*_KEYS, key)) if k not in values]
        found = cache.get_many(wanted)
        for k in wanted:
            values[k] = found.get(k)
    return values[key]


def keep(key: str, value) -> None:
    """What the caller read from the database after a miss: the rest of the move uses it."""
    values = _KEPT.get()
    if values is not None:
        values[key] = value


def drop(key: str) -> None:
    """`key` changed in this move: its next read goes to the cache again."""
    values = _KEPT.get()
    if values is not None:
        values.pop(key, None)


def read(key: str, load, seconds: int):
    """The value of `key`: the cache's (in a move, as the move read it), else `load()` from the
    database, then kept and cached for `seconds`."""
    try:
        value = get(key)
    except Exception:
        logger.warning("cache unavailable, %s read from the database", key)
        value = load()
        keep(key, value)
        return value
    if value is None:
        value = load()
        keep(key, value)
        try:
            cache.set(key, value, seconds)
        except Exception:
            logger.warning("cache unavailable, %s not cached", key)
    return value


def forget(key: str) -> None:
    """`key` changed: read afresh, by this move and by everyone."""
    drop(key)
    try:
        cache.delete(key)
    except Exception:
        logger.warning("cache unavailable: a change of %s is seen after its expiry", key)
