"""What a move reads once (issue 26): the calendar of a range, the chain of the request. Each
read once within the move, and read again when it may have changed."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals import services
from approvals.chain import chain_of, waiting_step
from approvals.models import ChainStep
from approvals.tests.chain_helpers import submitted_at_level
from core.calendar import calendars_shared, load_calendar
from core.models import CalendarOverride

pytestmark = pytest.mark.django_db
MONDAY = dt.date(2031, 3, 3)


def _calendar_reads(queries) -> int:
    return sum(q["sql"].startswith("SELECT date") for q in queries)


def test_the_overrides_are_read_once_and_again_once_one_changes():
    """Cached (core.calendar): read once, in a move or not; a change is seen at once, in the
    move that makes it too, and by everyone once it commits."""
    year = (dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    with calendars_shared(), CaptureQueriesContext(connection) as queries:
        assert load_calendar(*year).is_working_day(MONDAY)
        assert load_calendar(MONDAY, MONDAY + dt.timedelta(days=60)).is_working_day(MONDAY)
        load_calendar(dt.date(2030, 12, 1), MONDAY)
        assert _calendar_reads(queries) == 1
        CalendarOverride.objects.create(date=MONDAY, is_working_day=False, note="Nghỉ bù")
        assert not load_calendar(*year).is_working_day(MONDAY)  # the change is seen
        assert _calendar_reads(queries) == 2
    with CaptureQueriesContext(connection) as queries:  # outside a move: the cache answers
        assert not load_calendar(*year).is_working_day(MONDAY)
        load_calendar(*year)
    assert _calendar_reads(queries) == 0


def test_a_change_committed_elsewhere_is_seen_and_the_cache_down_is_a_query(
    django_capture_on_commit_callbacks, monkeypatch
):
    from django.core.cache import cache

    assert load_calendar().is_working_day(MONDAY)  # cached
    with django_capture_on_commit_callbacks(execute=False) as committed:
        override = CalendarOverride.objects.create(date=MONDAY, is_working_day=False)
    assert not load_calendar().is_working_day(MONDAY)  # read afresh, and cached again
    CalendarOverride.objects.filter(pk=override.pk).update(is_working_day=True)  # no signal
    for callback in committed:  # the commit forgets what a reader cached meanwhile
        callback()
    assert load_calendar().is_working_day(MONDAY)

    def down(*args, **kwargs):
        raise ConnectionError("Redis")

    monkeypatch.setattr(cache, "get", down)
    with CaptureQueriesContext(connection) as queries:
        assert load_calendar().is_working_day(MONDAY)
    assert _calendar_reads(queries) == 1


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
