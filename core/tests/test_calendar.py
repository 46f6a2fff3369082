"""The working-day calendar against the dates POLICY.md names, and the edges of the year."""

import datetime as dt

import pytest
from django.test import override_settings

from core.calendar import (
    WorkingCalendar,
    load_calendar,
    nth_working_day_after,
    working_days_between,
)
from core.models import CalendarOverride

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("returned", "due", "why"),
    [
        (D(2026, 4, 24), D(2026, 5, 8), "Hùng Kings' day observed 27/4, 30/4 and 1/5 off"),
        (D(2026, 2, 13), D(2026, 3, 3), "Tết closes 16–20 February"),
        (D(2026, 6, 12), D(2026, 6, 23), "a plain Friday return"),
        (D(2026, 6, 13), D(2026, 6, 23), "a Saturday return: day 1 is Monday"),
        (D(2027, 2, 3), D(2027, 2, 19), "a return just before Tết 2027 (4–10 February)"),
        (D(2026, 12, 31), D(2027, 1, 12), "31 December: 1 January is off"),
        (D(2026, 8, 20), D(2026, 8, 28), "make-up Saturday 22/8 counts"),
        (D(2026, 8, 26), D(2026, 9, 9), "31/8, 1/9 and 2/9 are off"),
        (D(2025, 12, 31), D(2026, 1, 12), "2/1/2026 off and Saturday 10/1/2026 worked"),
        (D(2028, 2, 25), D(2028, 3, 7), "through a leap day, 29/2/2028 is a working Tuesday"),
    ],
)
def test_report_deadline_is_the_seventh_working_day_after_return(returned, due, why):
    assert nth_working_day_after(returned, 7) == due, why


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 31), False),  # the day off it pays for
        (D(2026, 1, 2), False),  # correction shipped as data (12729/VPCP-KGVX)
        (D(2026, 1, 10), True),  # the Saturday worked for it
        (D(2026, 2, 17), False),  # Tết
        (D(2026, 4, 27), False),  # Hùng Kings' day, observed
        (D(2026, 11, 24), True),  # Culture Day: not a day off until the Labor Code says so
        (D(2028, 2, 29), True),  # leap day, a Tuesday
        (D(2026, 11, 28), False),  # a plain Saturday
    ],
)
def test_working_days(day, working):
    assert load_calendar().is_working_day(day) is working


def test_the_2026_corrections_are_initial_data():
    assert set(CalendarOverride.objects.values_list("date", "is_working_day")) >= {
        (D(2026, 1, 2), False),
        (D(2026, 1, 10), True),
    }


def test_culture_day_is_a_setting():
    with override_settings(CALENDAR_CULTURE_DAY_IS_HOLIDAY=True):
        assert WorkingCalendar().is_working_day(D(2026, 11, 24)) is False
    with override_settings(CALENDAR_CULTURE_DAY_IS_HOLIDAY=False):
        assert WorkingCalendar().is_working_day(D(2026, 11, 24)) is True


def test_an_override_wins_over_the_library():
    saturday = D(2027, 3, 6)
    assert nth_working_day_after(D(2027, 3, 5), 1) == D(2027, 3, 8)
    CalendarOverride.objects.create(date=saturday, is_working_day=True, note="Làm bù")
    assert nth_working_day_after(D(2027, 3, 5), 1) == saturday
    CalendarOverride.objects.create(date=D(2027, 3, 9), is_working_day=False, note="Nghỉ bù")
    assert nth_working_day_after(D(2027, 3, 5), 3) == D(2027, 3, 10)


@pytest.mark.parametrize(
    ("start", "end", "count"),
    [
        (D(2027, 7, 1), D(2027, 7, 20), 14),  # POLICY.md: Thursday to Tuesday
        (D(2027, 7, 3), D(2027, 7, 4), 0),  # a weekend
        (D(2027, 7, 5), D(2027, 7, 5), 1),  # one Monday: both ends count
        (D(2027, 7, 6), D(2027, 7, 5), 0),  # end before start
        (D(2027, 2, 1), D(2027, 2, 14), 5),  # Tết 2027 (4–10 February)
        (D(2026, 12, 28), D(2027, 1, 8), 9),  # across the new year, 1/1 off
    ],
)
def test_working_days_between(start, end, count):
    assert working_days_between(start, end) == count
