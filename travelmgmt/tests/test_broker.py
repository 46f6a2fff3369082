"""The broker's transport (travelmgmt.broker) on a real Redis of this test's own: every publish
of a channel goes through one `redis.Redis` client, the messages land as kombu's own
transport lands them, and publishing goes on after the server restarts (a new pool, a new
client). Production wires it for a `redis://` broker only."""

import base64
import json

import pytest
from kombu import Connection, Exchange, Queue
from redis import Redis

from travelmgmt.broker import Transport
from travelmgmt.tests.outages import redis_server
from travelmgmt.tests.test_settings import PRODUCTION_ENV, SETUP, run_django

QUEUE = Queue("broker-test", Exchange("broker-test", type="direct"), routing_key="broker-test")


def _publish(connection, body, **options):
    with connection.Producer() as producer:
        producer.publish(
            body,
            exchange=QUEUE.exchange,
            routing_key="broker-test",
            declare=[QUEUE],
            serializer="json",
            **options,
        )
    return producer.channel


def _bodies(port):
    """The messages waiting in the queue, decoded as kombu's Redis transport wrote them."""
    bodies = []
    for raw in Redis(port=port).lrange("broker-test", 0, -1):
        message = json.loads(raw)
        assert message["properties"]["body_encoding"] == "base64"
        bodies.append(json.loads(base64.b64decode(message["body"])))
    return bodies


def test_one_client_publishes_every_message_of_a_channel():
    with (
        redis_server() as port,
        Connection(f"redis://127.0.0.1:{port}/0", transport=Transport) as connection,
    ):
        channel = connection.default_channel
        built = []
        original = channel._create_client
        channel._create_client = lambda *a, **kw: built.append(1) or original(*a, **kw)
        with connection.Producer(channel) as producer:
            for n in range(5):
                producer.publish(
                    {"n": n}, exchange=QUEUE.exchange, routing_key="broker-test", declare=[QUEUE]
                )
        assert len(built) == 1  # kombu's own builds one per command: declaring, then each publish
        assert sorted(b["n"] for b in _bodies(port)) == list(range(5))
        with connection.SimpleQueue(QUEUE) as queue:  # and a consumer reads them as kombu's
            assert queue.get(timeout=5).payload in [{"n": n} for n in range(5)]


def test_publishing_goes_on_after_redis_restarts():
    connection = None
    try:
        with redis_server() as port:
            connection = Connection(f"redis://127.0.0.1:{port}/0", transport=Transport)
            _publish(connection, {"n": 1})
        with redis_server(port):  # the same address, a new server: the pool's sockets died
            # It starts empty: the queue is declared again, as a worker does on reconnecting.
            with Connection(f"redis://127.0.0.1:{port}/0") as worker:
                QUEUE(worker.default_channel).declare()
            retry = {"retry": True, "retry_policy": {"max_retries": 3}}
            channel = _publish(connection, {"n": 2}, **retry)
            assert _bodies(port) == [{"n": 2}]
            # Where kombu drops its pools (a connection it gave up on): a new pool, and this
            # channel's client is one on it.
            kept = channel._kept_client
            channel._disconnect_pools()
            assert _publish(connection, {"n": 3}, **retry) is channel
            assert channel._kept_client is not kept
            assert channel._kept_client.connection_pool is channel.pool
            assert _bodies(port) == [{"n": 3}, {"n": 2}]
    finally:
        if connection is not None:
            connection.release()


@pytest.mark.parametrize(
    ("url", "transport"),
    [("redis://127.0.0.1:6379/0", "travelmgmt.broker:Transport"), ("rediss://h:6380/0", None)],
)
def test_production_wires_it_for_a_redis_broker(url, transport):
    env = {**PRODUCTION_ENV, "CELERY_BROKER_URL": url}
    code = f"{SETUP}; from travelmgmt.celery import app; print(app.conf.broker_transport)"
    result = run_django(code, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == str(transport)
