"""Two beats at once: each periodic run of a period goes ahead once; the second is turned
away with a WARNING and shows in /metrics/. The lock is a real Redis of this test's own."""

import datetime as dt
import ipaddress
import time

import pytest
from redis import Redis

from portal.tasks import run_catch_up, run_daily_sweep
from travelmgmt.celery import app
from travelmgmt.tests.outages import closed_port, json_log, redis_server


@pytest.fixture
def own_redis(settings):
    """A Redis server on a free port, started and stopped here (never a shared one)."""
    with redis_server() as port:
        settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{port}/0"  # the lock's Redis
        yield Redis(port=port)


def test_the_beat_runs_both_periodic_tasks_with_their_lock():
    schedule = app.conf.beat_schedule
    assert schedule["catch-up"]["schedule"] == dt.timedelta(minutes=5)
    assert schedule["catch-up"]["task"] == run_catch_up.name
    assert schedule["daily-sweep"]["task"] == run_daily_sweep.name
    assert (
        schedule["catch-up"]["kwargs"] == schedule["daily-sweep"]["kwargs"] == {"scheduled": True}
    )


def test_a_second_beat_is_turned_away_and_visible(db, own_redis, client, settings):
    assert run_catch_up(scheduled=True) == {"emails": 0, "documents": 0, "imports": 0, "exports": 0}
    with json_log() as logged:
        assert run_catch_up(scheduled=True) is None
    assert "catch-up skipped" in logged() and "Two beats" in logged()
    assert '"level": "warning"' in logged()
    assert 0 < own_redis.ttl("travelmgmt:beat:catch-up") <= 270

    assert run_daily_sweep("2026-12-07", scheduled=True) is not None
    assert run_daily_sweep("2026-12-07", scheduled=True) is None
    # A run asked for by hand (send_reminders, delay()) takes no lock.
    assert run_daily_sweep("2026-12-07") is not None
    assert run_catch_up() is not None

    settings.METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network("127.0.0.0/8")]
    scrape = client.get("/metrics/").content.decode()
    seen = {
        line.split('"')[1]: float(line.split()[-1])
        for line in scrape.splitlines()
        if line.startswith("travelmgmt_beat_overlap_timestamp_seconds{")
    }
    assert seen.keys() == {"catch-up", "daily-sweep"}
    assert all(time.time() - 60 < when <= time.time() for when in seen.values())


def test_with_the_lock_unreachable_the_run_goes_ahead(db, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    with json_log() as logged:
        assert run_catch_up(scheduled=True) is not None
    assert "run lock unavailable" in logged()
