"""One run per period of a beat's periodic task, even with two beats.

The README says to run exactly one beat; a second one (a unit enabled on two hosts) would
double every periodic run. Each scheduled run first takes a Redis key with an expiry (SET NX
EX on the broker's Redis), left to expire rather than released: a second beat's run of the
same period finds it taken, does nothing, and says so in a WARNING log line and in
/metrics/ (`travelmgmt_beat_overlap_timestamp_seconds`, the last time one was seen). Without
a Redis broker (tasks in-process, cron) there is one process and no lock; with Redis down the
run goes ahead (every periodic task is safe to run twice).
"""

import logging
import os
import socket
import time

from django.conf import settings
from django.core.cache import cache
from redis import Redis
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

KEY = "travelmgmt:beat:{name}"
OVERLAP_KEY = "beat-overlap:{name}"  # in the cache: when a second run was last turned away


def _redis() -> Redis | None:
    url = settings.CELERY_BROKER_URL or ""
    if not url.startswith(("redis://", "rediss://")):
        return None
    return Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)


def claim_period(name: str, seconds: int) -> bool:
    """Whether this run of `name` is the first of its period of `seconds`."""
    client = _redis()
    if client is None:
        return True
    holder = f"{socket.gethostname()}:{os.getpid()}:{int(time.time())}"
    try:
        if client.set(KEY.format(name=name), holder, nx=True, ex=seconds):
            return True
        taken_by = (client.get(KEY.format(name=name)) or b"?").decode(errors="replace")
    except RedisError:
        logger.warning("%s: run lock unavailable (Redis); running anyway", name, exc_info=True)
        return True
    finally:
        client.close()
    cache.set(OVERLAP_KEY.format(name=name), time.time(), timeout=None)
    logger.warning(
        "%s skipped: another run took this period (%s, host:pid:time). Two beats are running? "
        "Run exactly one (README, More than one machine).",
        name,
        taken_by,
    )
    return False


def last_overlap(name: str) -> float | None:
    """When a run of `name` was last turned away (Unix time), if ever."""
    return cache.get(OVERLAP_KEY.format(name=name))
