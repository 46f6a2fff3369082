"""The Vietnamese working-day calendar (POLICY.md, "Working days and the report deadline").

Working days are Monday to Friday (Decision 188/1999/QĐ-TTg) minus public holidays (Labor Code
2019, Art. 112, lunar ones included) and the compensatory days off, plus the make-up Saturdays.
The maintained `holidays` library gives the fixed, lunar and announced days; the admin's
`CalendarOverride` table wins over it, because the library can be wrong or ahead of the law.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings

CULTURE_DAY = (11, 24)  # Ngày Văn hóa Việt Nam


@lru_cache(maxsize=64)
def _library_year(year: int, culture_day_is_holiday: bool) -> holidays.HolidayBase:
    calendar = holidays.country_holidays("VN", years=year, language="vi")
    culture_day = dt.date(year, *CULTURE_DAY)
    if not culture_day_is_holiday and culture_day in calendar:
        calendar.pop(culture_day)  # the library's pop() ignores its default: check first
    return calendar


class WorkingCalendar:
    """Working days, given the overrides of the range in use (loaded once by the caller)."""

    def __init__(self, overrides: dict[dt.date, bool] | None = None, *, culture_day=None):
        self.overrides = overrides or {}
        self.culture_day_is_holiday = (
            settings.CALENDAR_CULTURE_DAY_IS_HOLIDAY if culture_day is None else culture_day
        )

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        return _library_year(day.year, self.culture_day_is_holiday).is_working_day(day)

    def holiday_name(self, day: dt.date) -> str | None:
        return _library_year(day.year, self.culture_day_is_holiday).get(day)

    def nth_working_day_after(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (day itself is day 0)."""
        current, counted = day, 0
        while counted < n:
            current += dt.timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days from start to end, both counted; 0 when end is before start."""
        count, current = 0, start
        while current <= end:
            count += self.is_working_day(current)
            current += dt.timedelta(days=1)
        return count


def load_calendar(start: dt.date | None = None, end: dt.date | None = None) -> WorkingCalendar:
    """A calendar with the overrides of [start, end] (all of them when no range): one query,
    in SQL since every rules check loads one (core/rawsql.py)."""
    from core.rawsql import as_date, fetch

    sql, params = "SELECT date, is_working_day FROM core_calendaroverride WHERE 1 = 1", []
    if start is not None:
        sql, params = f"{sql} AND date >= %s", [*params, start]
    if end is not None:
        sql, params = f"{sql} AND date <= %s", [*params, end]
    return WorkingCalendar({as_date(day): bool(working) for day, working in fetch(sql, params)})


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    # A deadline rarely reaches beyond two months, even across Tết.
    return load_calendar(day, day + dt.timedelta(days=max(60, n * 3))).nth_working_day_after(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return load_calendar(start, end).working_days_between(start, end)
