"""Which reminder goes out on which day: due in 2 working days, due today, overdue every 3."""

import datetime as dt

import pytest

from core.calendar import WorkingCalendar
from reports.reminders import DUE_SOON, DUE_TODAY, OVERDUE, reminder_kind, working_days_late

D = dt.date
CALENDAR = WorkingCalendar({}, culture_day=False)


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (D(2026, 5, 5), None),  # Tue: 3 working days before
        (D(2026, 5, 6), DUE_SOON),  # Wed: due in 2 working days (Fri 8 May)
        (D(2026, 5, 7), None),
        (D(2026, 5, 8), DUE_TODAY),
        (D(2026, 5, 9), None),  # Saturday: nothing is sent on days off
        (D(2026, 5, 11), OVERDUE),  # first working day late: escalate
        (D(2026, 5, 12), None),
        (D(2026, 5, 13), None),
        (D(2026, 5, 14), OVERDUE),  # every 3 working days
        (D(2026, 5, 19), OVERDUE),  # 14 (4), 15 (5), 18 (6), 19 (7)
    ],
)
def test_reminders_around_a_friday_deadline(today, kind):
    assert reminder_kind(D(2026, 5, 8), today, CALENDAR) == kind


def test_due_soon_counts_working_days_across_a_weekend():
    # Due Tuesday 12 May: two working days before is Friday 8 May.
    assert reminder_kind(D(2026, 5, 12), D(2026, 5, 8), CALENDAR) == DUE_SOON
    assert reminder_kind(D(2026, 5, 12), D(2026, 5, 11), CALENDAR) is None


def test_tet_pauses_the_overdue_rhythm():
    due = D(2026, 2, 11)  # Wednesday before Tết (16–20 February)
    assert reminder_kind(due, D(2026, 2, 12), CALENDAR) == OVERDUE  # late 1
    assert reminder_kind(due, D(2026, 2, 17), CALENDAR) is None  # Tết
    assert working_days_late(due, D(2026, 2, 23), CALENDAR) == 3  # 12, 13, 23
    assert reminder_kind(due, D(2026, 2, 24), CALENDAR) == OVERDUE  # late 4


def test_not_late_on_the_due_day():
    assert working_days_late(D(2026, 5, 8), D(2026, 5, 8), CALENDAR) == 0


def test_the_next_reminder_day_skips_to_the_due_soon_day_and_misses_none():
    """The sweep jumps over the days before a far due date: the same day as walking them
    one by one, around weekends, Tết 2027 (6-14 February) and a make-up Saturday."""
    from reports.sweep import next_reminder_on

    calendar = WorkingCalendar({D(2027, 2, 20): True}, culture_day=False)  # a make-up Saturday

    def walked(due_on, after):
        day = after + dt.timedelta(days=1)
        while reminder_kind(due_on, day, calendar) is None:
            day += dt.timedelta(days=1)
        return day

    after = D(2027, 1, 20)
    for offset in range(0, 60):
        due_on = after + dt.timedelta(days=offset)
        for later in range(0, offset + 5, 3):
            today = after + dt.timedelta(days=later)
            assert next_reminder_on(due_on, today, calendar) == walked(due_on, today), (
                due_on,
                today,
            )
