"""The administrator's settings in force: the latest PolicyChange of each setting, cached.

Every check reads the policy (PolicyConfig.from_settings), so the changes are folded once and
kept in the cache (the shared Redis in production): a check costs no query for them while the
cache is warm, one when it is cold. A change forgets the cached value when its transaction
commits (a rolled-back change never reaches the cache). Where the cache is per process
(locmem, without Redis) a change reaches the other processes within CACHE_SECONDS.
"""

from __future__ import annotations

import functools
import json
import logging

from django.core.cache import cache
from django.db import transaction

from core import move_cache
from core.rawsql import fetch

logger = logging.getLogger(__name__)

CACHE_KEY = move_cache.register("policy:overrides:v1")
CACHE_SECONDS = 60


def load_overrides() -> dict:
    """{setting: value} from the change log, the latest change of each setting winning; a
    change back to null removes the override. One query."""
    from trips.models_policy import PolicyChange

    values = {}
    for setting, value in PolicyChange.objects.order_by("id").values_list("setting", "new_value"):
        if value is None:
            values.pop(setting, None)
        else:
            values[setting] = value
    return values


def overrides() -> dict:
    """The settings changed by the administrator: from the cache (in a workflow move, as the
    move first read them: core.move_cache), else one query (then cached)."""
    return move_cache.read(CACHE_KEY, load_overrides, CACHE_SECONDS)


def remember(values: dict) -> None:
    try:
        cache.set(CACHE_KEY, values, CACHE_SECONDS)
    except Exception:
        logger.warning("policy cache unavailable, settings not cached")


def forget() -> None:
    move_cache.forget(CACHE_KEY)


def forget_on_commit() -> None:
    transaction.on_commit(forget)


def config_at_submission(trip):
    """The policy stored with `trip` when it was (last) submitted: a threshold changed since
    applies to requests submitted after the change (POLICY.md, additions of 2026-12-06). One
    query, after the request's row is locked: as a subquery of the locking statement it would
    read as of before a resubmission that statement waited for. A request without one (never
    submitted, or before snapshots) reads today's."""
    from trips.policy.config import PolicyConfig

    stored = stored_policy(trip.pk)
    if not stored:
        return PolicyConfig.from_settings()
    return PolicyConfig.from_snapshot(stored, fallback=PolicyConfig.from_settings)


def stored_policy(trip_id) -> dict | None:
    """`submitted_policy(trip_id).first()`, hand-written: each decision step asks it, and the
    ORM spent longer compiling it than the database running it (held equal to the ORM's in
    trips/tests/test_stored_policy.py)."""
    from trips.models import TripRequest

    rows = fetch(_stored_policy_sql(), [trip_id, TripRequest.Status.SUBMITTED.value])
    if not rows:
        return None
    value = rows[0][0]  # JSON text: Django reads it undecoded on both databases
    return json.loads(value) if isinstance(value, str) else value


@functools.cache
def _stored_policy_sql() -> str:
    from trips.models import TripTransition

    return (
        f"SELECT policy FROM {TripTransition._meta.db_table} "
        "WHERE trip_id = %s AND to_status = %s ORDER BY id DESC LIMIT 1"
    )


def submitted_policy(trip_id):
    """The policy stored with the request's latest submission, as a one-value query."""
    from trips.models import TripRequest, TripTransition

    return (
        TripTransition.objects.filter(trip_id=trip_id, to_status=TripRequest.Status.SUBMITTED)
        .order_by("-id")
        .values_list("policy", flat=True)
    )
