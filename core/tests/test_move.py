"""One move, one transaction (core.workflow.move): a service's move nested in the one an API
action opened is that one (no savepoint, one rollback for all), and what a refusal leaves to
remember (a wrong PIN's count) is remembered once, after the whole action is undone."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import signing_pin
from core.models import CalendarOverride
from core.workflow.move import locked, locked_here, one_move

pytestmark = pytest.mark.django_db
DAY = dt.date(2031, 5, 2)


class Refused(Exception):
    def __init__(self, remember):
        super().__init__("the key refused the PIN")
        self.after_rollback = remember


def _saved(day):
    return CalendarOverride.objects.filter(date=day).exists()


def test_a_move_inside_a_move_is_the_same_transaction():
    with CaptureQueriesContext(connection) as queries, one_move():
        CalendarOverride.objects.create(date=DAY, is_working_day=False)
        with one_move(signing_pin="2468"):
            assert signing_pin.current() == "2468"  # the service's PIN, held for it
            CalendarOverride.objects.create(date=DAY + dt.timedelta(days=1), is_working_day=False)
        assert signing_pin.current() is None
    # The test's transaction turns the outer move's into a savepoint; the inner adds none.
    assert sum("SAVEPOINT" in q["sql"] and "RELEASE" not in q["sql"] for q in queries) == 1


def test_a_refusal_in_the_inner_move_undoes_the_outer_and_is_remembered_once_after():
    remembered = []

    def remember():  # what pin_attempts does: write the count, after the rollback
        remembered.append(_saved(DAY))
        CalendarOverride.objects.create(date=DAY + dt.timedelta(days=7), is_working_day=False)

    with pytest.raises(Refused) as refused, one_move():
        CalendarOverride.objects.create(date=DAY, is_working_day=False)  # the view's part
        with one_move(signing_pin="0000"):
            raise Refused(remember)
    assert remembered == [False]  # once, and only after the outer move was undone
    assert refused.value.after_rollback is None
    assert not _saved(DAY) and _saved(DAY + dt.timedelta(days=7))


def test_a_service_alone_remembers_after_its_own_rollback():
    remembered = []
    with pytest.raises(Refused), one_move(signing_pin="0000"):
        CalendarOverride.objects.create(date=DAY, is_working_day=False)
        raise Refused(lambda: remembered.append(_saved(DAY)))
    assert remembered == [False]


def test_an_object_is_locked_here_only_in_the_move_that_read_it():
    row = CalendarOverride(date=DAY)
    assert not locked_here(row)
    with one_move():
        locked(row)
        assert locked_here(row)
        with one_move():
            assert locked_here(row)  # the service's move is the caller's
    with one_move():
        assert not locked_here(row)  # a later move reads it again


@pytest.mark.django_db(transaction=True)
def test_what_runs_at_the_commit_or_after_the_rollback_is_outside_the_move():
    seen = []
    with one_move():  # a real commit: its callbacks run as it ends
        row = locked(CalendarOverride(date=DAY))
        transaction.on_commit(lambda: seen.append(locked_here(row)))
    with pytest.raises(Refused), one_move():
        row = locked(CalendarOverride(date=DAY))
        raise Refused(lambda: seen.append(locked_here(row)))
    assert seen == [False, False]  # a move opened there is a move of its own
