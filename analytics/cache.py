"""The statistics of a year and scope, kept in the cache for a few minutes.

Any save or delete of what they count (trips, members, reports, officials, agencies) moves a
generation on, which every key carries, so a change shows on the next view; the TTL bounds
what signals cannot see (QuerySet.update, bulk writes).
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

TTL_SECONDS = 300
GENERATION_KEY = "analytics:generation"


def generation() -> int:
    return cache.get_or_set(GENERATION_KEY, 1, None)


def invalidate(**_):
    """A new generation once the saving transaction commits: moved before, a view in between
    would cache the figures without the change under the new generation, for the TTL."""
    transaction.on_commit(_next_generation, robust=True)


def _next_generation():
    # One write, no read: any value the key never held is new to every key (Django's incr
    # reads before it adds, two round trips, and fails on a missing key).
    cache.set(GENERATION_KEY, time.time_ns(), None)


def viewer_scope(user) -> str:
    """What trips_visible_to(user) depends on, as a key: the same for all who see the same."""
    return "-".join(
        str(int(bool(flag)))
        for flag in (
            user.is_administrator,
            user.is_reviewer or user.is_decider,
            user.is_custodian,
        )
    ) + (f"-a{user.agency_id}" if user.is_agency_staff else "")


def cached(parts, compute):
    """compute() once per TTL for the key made of `parts` (strings or numbers)."""
    key = f"analytics:{generation()}:" + ":".join(str(p) for p in parts)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TTL_SECONDS)
    return value


def connect():
    from agencies.models import Agency, Official
    from reports.models import PostTripReport
    from trips.models import TripMember, TripRequest

    for model in (TripRequest, TripMember, PostTripReport, Official, Agency):
        post_save.connect(invalidate, sender=model, dispatch_uid=f"analytics-{model.__name__}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"analytics-{model.__name__}-")
