"""What a move reads once (issue 26): the calendar of a range, the chain of the request. Each
read once within the move, and read again when it may have changed."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from approvals import services
from approvals.chain import chain_of, waiting_step
from approvals.models import ChainStep
from approvals.tests.chain_helpers import submitted_at_level
from core.calendar import CACHE_KEY, calendars_shared, load_calendar
from core.models import CalendarOverride

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2031, 3, 3)


def _calendar_reads(queries) -> int:
    return sum(q["sql"].startswith("SELECT date") for q in queries)


def test_the_overrides_are_read_once_and_again_once_one_changes():
    """Cached (core.calendar): read once, in a move or not; a change is seen at once by the
    transaction that makes it, which reads them afresh and caches nothing."""
    year = (dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    with calendars_shared(), CaptureQueriesContext(connection) as queries:
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
