"""The production cache (travelmgmt.cache) on a real Redis of this test's own: one `redis.Redis`
client per connection pool, shared by every command and thread, and still answering after
the server restarts."""

import threading

from django.core.cache.backends.redis import RedisCacheClient

from travelmgmt.cache import ForgivingRedisCache, cache_config
from travelmgmt.tests.outages import redis_server


def _cache(port):
    config = cache_config(f"redis://127.0.0.1:{port}/1")
    return ForgivingRedisCache(config["LOCATION"], {**config, "KEY_PREFIX": "client-test"})


def test_one_client_serves_every_command_and_thread():
    with redis_server() as port:
        cache = _cache(port)
        client = cache._cache.get_client(write=True)
        assert cache._cache.get_client() is client  # Django's own builds one a command
        assert isinstance(cache._cache, RedisCacheClient)
        errors = []

        def work(n):
            try:
                cache.set(f"count{n}", 0, 60)
                for i in range(200):
                    cache.set(f"k{n}:{i}", (n, i), 60)
                    assert cache.get(f"k{n}:{i}") == (n, i)
                    cache.incr(f"count{n}")
            except Exception as error:  # reported below, in the test's thread
                errors.append(error)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert cache.get_many([f"k{n}:199" for n in range(4)]) == {
            f"k{n}:199": (n, 199) for n in range(4)
        }
        assert [cache.get(f"count{n}") for n in range(4)] == [200] * 4
        assert cache._cache.get_client(write=True) is client


def test_the_shared_client_answers_after_redis_restarts():
    with redis_server() as port:
        cache = _cache(port)
        cache.set("before", 1, 60)
        assert cache.get("before") == 1
    with redis_server(port):  # the same address, a new server: the pool's connections died
        assert cache.get("before") is None  # a miss, not a pause: the client reconnected
        cache.set("after", 2, 60)
        assert cache.get("after") == 2
        assert cache._paused_until == 0.0
