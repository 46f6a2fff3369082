"""The shared cache (Redis) as an aid, never a dependency: with Redis down every read is a
miss and every write is dropped, logged, instead of a 500.

The cache holds the API's sign-in throttle counters, the statistics (analytics/cache.py) and the
administrator's policy settings (trips/policy/store.py): while it is down that throttle lets
every attempt through (django-axes, whose lockout counts live in the database, still locks a
username after five failures from one address), and the statistics and the settings are read
from the database each time. After a failure
the cache leaves Redis alone for PAUSE seconds, so that requests do not each wait for the
connection timeout.
"""

import functools
import logging
import time

import environ
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE = 30  # seconds
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"


def cache_config(url: str) -> dict:
    """CACHES["default"] for a CACHE_URL: a Redis cache is this module's forgiving one, and a
    Redis that does not answer is given up after a second, not the OS's TCP timeout."""
    config = environ.Env.cache_url_config(url)
    config.setdefault("KEY_PREFIX", "travelmgmt")
    if config["BACKEND"] == REDIS_CACHE:
        config["BACKEND"] = f"{__name__}.ForgivingRedisCache"
        config.setdefault("OPTIONS", {}).update(socket_connect_timeout=1, socket_timeout=1)
    return config


def _forgiving(method, fallback):
    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except (RedisError, OSError):
            self._paused_until = time.monotonic() + PAUSE
            logger.warning(
                "cache unreachable: reads miss and writes are dropped for %ss (the API's "
                "sign-in throttle is off; django-axes' lockout still applies)",
                PAUSE,
                exc_info=True,
            )
            return fallback(*args, **kwargs)

    return guarded


def _no_counter(key, *args, **kwargs):
    raise ValueError(f"Key '{key}' not found (the cache is unreachable)")


class OneClientPerPool(RedisCacheClient):
    """Django builds a `redis.Redis` for every command (~90 µs: it copies the ~250 response
    callbacks each time, a quarter of a cache read). One per connection pool serves every
    command and thread: a command takes a connection from the pool, as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # kept for the cache's lifetime
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    _paused_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool

    get = _forgiving(RedisCache.get, lambda key, default=None, **kw: default)
    get_many = _forgiving(RedisCache.get_many, lambda keys, **kw: {})
    has_key = _forgiving(RedisCache.has_key, lambda key, **kw: False)
    add = _forgiving(RedisCache.add, lambda *args, **kw: False)
    set = _forgiving(RedisCache.set, lambda *args, **kw: None)
    set_many = _forgiving(RedisCache.set_many, lambda data, *args, **kw: list(data))
    touch = _forgiving(RedisCache.touch, lambda *args, **kw: False)
    delete = _forgiving(RedisCache.delete, lambda *args, **kw: False)
    delete_many = _forgiving(RedisCache.delete_many, lambda *args, **kw: None)
    clear = _forgiving(RedisCache.clear, lambda: None)
    # A counter that cannot be reached is as one that is not there (Django's ValueError).
    incr = _forgiving(RedisCache.incr, _no_counter)
    decr = _forgiving(RedisCache.decr, _no_counter)

    def resume(self) -> None:
        """Try Redis again at once (it is back, or a test moved on)."""
        self._paused_until = 0.0
