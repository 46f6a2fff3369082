"""Which reminder a post-trip report gets on a given day (L11; issue: reminders never miss
and never repeat). Plain functions of dates and the calendar."""

import datetime as dt

from core.calendar import WorkingCalendar

DUE_SOON, DUE_TODAY, OVERDUE = "due_soon", "due_today", "overdue"
DAYS_BEFORE = 2  # "due in 2 working days"
REPEAT_EVERY = 3  # overdue reminders repeat every 3 working days


def working_days_late(due_on: dt.date, today: dt.date, calendar: WorkingCalendar) -> int:
    """Working days after the due date up to today (0 while not late)."""
    if today <= due_on:
        return 0
    return calendar.working_days_between(due_on + dt.timedelta(days=1), today)


def reminder_kind(due_on: dt.date, today: dt.date, calendar: WorkingCalendar) -> str | None:
    """The reminder due today, if any. Reminders go out on working days only, so a weekend
    or Tết never sends, and never shifts the every-3-working-days rhythm."""
    if not calendar.is_working_day(today):
        return None
    if today == due_on:
        return DUE_TODAY
    if today < due_on:
        return DUE_SOON if calendar.nth_working_day_after(today, DAYS_BEFORE) == due_on else None
    late = working_days_late(due_on, today, calendar)
    return OVERDUE if late >= 1 and (late - 1) % REPEAT_EVERY == 0 else None
