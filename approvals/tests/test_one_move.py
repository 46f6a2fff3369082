"""What a move reads once (issue 26): the calendar of a range, the chain of the request. Each
read once within the move, and read again when it may have changed."""

import datetime as dt

import pytest
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from approvals import services
from approvals.chain import chain_of, waiting_step
from approvals.models import ChainStep
from approvals.tests.chain_helpers import submitted_at_level
from core import move_cache
from core.calendar import CACHE_KEY, load_calendar
from core.models import CalendarOverride

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2031, 3, 3)


def _calendar_reads(queries) -> int:
    return sum(q["sql"].startswith("SELECT date") for q in queries)


def test_the_overrides_are_read_once_and_again_once_one_changes():
    """Cached (core.calendar): read once, in a move or not; a change is seen at once by the
    transaction that makes it, which reads them afresh and caches nothing."""
    year = (dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    with move_cache.kept(), CaptureQueriesContext(connection) as queries:
        assert load_calendar(*year).is_working_day(MONDAY)
        assert load_calendar(MONDAY, MONDAY + dt.timedelta(days=60)).is_working_day(MONDAY)
        load_calendar(dt.date(2030, 12, 1), MONDAY)
    with CaptureQueriesContext(connection) as outside:  # outside a move: the cache answers
        load_calendar(*year), load_calendar(*year)
    assert _calendar_reads(queries) == 1 and _calendar_reads(outside) == 0
    CalendarOverride.objects.create(date=MONDAY, is_working_day=False, note="Nghỉ bù")
    with CaptureQueriesContext(connection) as queries:
        assert not load_calendar(*year).is_working_day(MONDAY)  # the change is seen
        assert not load_calendar(*year).is_working_day(MONDAY)
    assert _calendar_reads(queries) == 2  # not cached while its transaction is open
    assert cache.get(CACHE_KEY) is None


@pytest.mark.django_db(transaction=True)
def test_a_change_is_cached_once_committed_and_never_if_rolled_back(monkeypatch):
    assert load_calendar().is_working_day(MONDAY)  # cached
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarOverride.objects.create(date=MONDAY, is_working_day=False)
        assert not load_calendar().is_working_day(MONDAY)  # seen here, not cached
        raise RuntimeError("the admin's save fails after")
    assert load_calendar().is_working_day(MONDAY)  # nobody sees what was rolled back
    with transaction.atomic():
        override = CalendarOverride.objects.create(date=MONDAY, is_working_day=False)
        assert not load_calendar().is_working_day(MONDAY)
        assert cache.get(CACHE_KEY) is None
    assert not load_calendar().is_working_day(MONDAY)  # committed: read, then cached
    assert cache.get(CACHE_KEY)[MONDAY] is False
    CalendarOverride.objects.filter(pk=override.pk).update(is_working_day=True)  # no signal
    assert not load_calendar().is_working_day(MONDAY)  # the cache's, for CACHE_SECONDS
    override.delete()
    assert load_calendar().is_working_day(MONDAY)

    def down(*args, **kwargs):
        raise ConnectionError("Redis")

    monkeypatch.setattr(cache, "get", down)
    with CaptureQueriesContext(connection) as queries:
        assert load_calendar().is_working_day(MONDAY)
    assert _calendar_reads(queries) == 1  # the cache down is a query, never an error


def test_the_chain_is_kept_through_the_move_only(staff_a, head_a, reviewer):
    trip = submitted_at_level(staff_a, "province", proposed=False)
    trip = services.trip_propose(trip=trip, actor=head_a)
    # The returned request reads its chain afresh: a change made since is seen.
    ChainStep.objects.filter(trip=trip, action="appraise").update(note="đổi ở nơi khác")
    assert [s.status for s in chain_of(trip)] == ["approved", "active", "pending"]
    assert chain_of(trip)[1].note == "đổi ở nơi khác"
    assert waiting_step(trip).action == "appraise"
    # What the move wrote is what a fresh read finds.
    trip = services.trip_appraise(trip=trip, actor=reviewer, opinion="reject", note="Thiếu")
    fresh = list(
        ChainStep.objects.filter(trip=trip).order_by("position").values_list("status", "note")
    )
    assert fresh == [("approved", ""), ("rejected", "Thiếu"), ("active", "")]
    assert "_prefetched_objects_cache" not in trip.__dict__ or not trip._prefetched_objects_cache


def test_a_decider_still_may_decide_while_the_appraisal_waits(staff_a, head_a, reviewer):
    """Only the waiting step's permission is worked out at once; another is when asked."""
    from approvals.tests.chain_helpers import decider_user
    from core.workflow import relation_for

    decider = decider_user()
    trip = submitted_at_level(staff_a, "province")
    relation = relation_for(decider, trip)
    assert not relation.current and "decide" in relation.takes and "appraise" not in relation.takes
    assert relation_for(reviewer, trip).current
    assert "decide" not in relation_for(reviewer, trip).takes


class _CacheCalls:
    """The cache's reads, counted: `get` one key, `get_many` one round trip for several."""

    def __init__(self, monkeypatch):
        self.gets, self.get_manys = [], []
        get, get_many = cache.get, cache.get_many

        self.inside = False

        def counted_get(key, *args, **kwargs):
            if not self.inside:  # the local-memory cache's get_many calls its get
                self.gets.append(key)
            return get(key, *args, **kwargs)

        def counted_get_many(keys, *args, **kwargs):
            self.get_manys.append(sorted(keys))
            self.inside = True
            try:
                return get_many(keys, *args, **kwargs)
            finally:
                self.inside = False

        monkeypatch.setattr(caches["default"], "get", counted_get)
        monkeypatch.setattr(caches["default"], "get_many", counted_get_many)


def _settings_read(calls, reads=2):
    """Read the calendar and the policy `reads` times each (as a move's rules, deadline and
    hand-back do), counting the cache's calls and the database's queries."""
    from trips.policy import PolicyConfig

    calls.gets, calls.get_manys = [], []
    with CaptureQueriesContext(connection) as queries:
        seen = [(load_calendar().overrides, PolicyConfig.from_settings()) for _ in range(reads)]
    return calls, queries, seen


def test_a_move_reads_the_calendar_and_the_policy_once_in_one_round_trip(monkeypatch):
    """core.move_cache: both registered keys fetched together by the move's first read, and
    the move's later reads served from what it kept (issue 26: one Redis command, not four)."""
    from trips.policy import store

    cache.delete(store.CACHE_KEY)  # the suite warms the policy's (conftest.empty_cache)
    calls = _CacheCalls(monkeypatch)
    with move_cache.kept():
        cold, cold_queries, _ = _settings_read(calls)
    # Cold: one round trip finds neither, each is read from the database once and cached.
    assert cold.get_manys == [sorted([CACHE_KEY, store.CACHE_KEY])] and cold.gets == []
    assert _calendar_reads(cold_queries) == 1
    assert sum("trips_policychange" in q["sql"] for q in cold_queries) == 1
    assert cache.get(CACHE_KEY) is not None and cache.get(store.CACHE_KEY) == {}
    outside, _, expected = _settings_read(calls)
    outside_gets = list(outside.gets)
    with move_cache.kept():
        warm, warm_queries, seen = _settings_read(calls, reads=3)
    assert warm.get_manys == [sorted([CACHE_KEY, store.CACHE_KEY])] and warm.gets == []
    assert warm_queries.captured_queries == []
    assert seen == [expected[0]] * 3
    assert outside_gets == [CACHE_KEY, store.CACHE_KEY] * 2  # outside a move: the cache's own


def test_a_move_keeps_what_it_read_and_reads_again_what_it_changes(monkeypatch):
    from trips.policy import PolicyConfig, store

    limit = PolicyConfig.from_settings().max_delegation_size
    with move_cache.kept():
        assert PolicyConfig.from_settings().max_delegation_size == limit
        # Another process changes the settings meanwhile: this move goes on with what it read.
        cache.set(store.CACHE_KEY, {"max_delegation_size": limit + 5})
        assert PolicyConfig.from_settings().max_delegation_size == limit
        # A change made in the move itself is read again at once.
        store.forget()
        cache.set(store.CACHE_KEY, {"max_delegation_size": limit + 7})
        assert PolicyConfig.from_settings().max_delegation_size == limit + 7
        CalendarOverride.objects.create(date=MONDAY, is_working_day=False)
        assert not load_calendar().is_working_day(MONDAY)
    assert PolicyConfig.from_settings().max_delegation_size == limit + 7


def test_the_cache_down_in_a_move_is_one_query_each_never_an_error(monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis")

    monkeypatch.setattr(cache, "get_many", down)
    with move_cache.kept(), CaptureQueriesContext(connection) as queries:
        from trips.policy import PolicyConfig

        for _ in range(3):
            assert load_calendar().is_working_day(MONDAY)
            assert PolicyConfig.from_settings() == PolicyConfig.from_environment()
    assert _calendar_reads(queries) == 1
    assert sum("trips_policychange" in q["sql"] for q in queries) == 1
