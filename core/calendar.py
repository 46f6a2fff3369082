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
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from core import move_cache

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


# Every override, cached (the shared Redis in production): a province's corrections are a
# few a year, and every rules check, deadline and reminder asks for them. Forgotten at once
# and again at the commit whenever one is saved or deleted (as the policy's settings are,
# trips.policy.store); where the cache is per process, another process sees a change within
# CACHE_SECONDS. A workflow move reads them once, with the policy's (core.move_cache).
CACHE_KEY = move_cache.register("calendar:overrides:v1")
CACHE_SECONDS = 60  # as the policy settings (trips.policy.store)


def _override_changed(**kwargs) -> None:
    move_cache.forget(CACHE_KEY)
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Until this transaction ends, its own reads go to the database and are never cached:
        # the others must not see a change it may still roll back. Once it commits, everyone
        # reads afresh (a reader may have cached the old rows meanwhile).
        connection.calendar_changed_in = connection.atomic_blocks[0]
        transaction.on_commit(_committed)


def _committed() -> None:
    transaction.get_connection().calendar_changed_in = None
    move_cache.forget(CACHE_KEY)  # what the move read before may have come back meanwhile


def _changed_in_this_transaction() -> bool:
    connection = transaction.get_connection()
    block = getattr(connection, "calendar_changed_in", None)
    return (
        block is not None
        and bool(connection.atomic_blocks)
        and connection.atomic_blocks[0] is block
    )


post_save.connect(_override_changed, sender="core.CalendarOverride")
post_delete.connect(_override_changed, sender="core.CalendarOverride")


def _read_overrides() -> dict[dt.date, bool]:
    from core.rawsql import as_date, fetch

    rows = fetch("SELECT date, is_working_day FROM core_calendaroverride", [])
    return {as_date(day): bool(working) for day, working in rows}


def _overrides() -> dict[dt.date, bool]:
    """Every override: from the cache (in a move, as the move first read them), else one
    query (then cached); read, not cached, in a transaction that changed one."""
    if _changed_in_this_transaction():
        return _read_overrides()
    return move_cache.read(CACHE_KEY, _read_overrides, CACHE_SECONDS)


def load_calendar(start: dt.date | None = None, end: dt.date | None = None) -> WorkingCalendar:
    """A calendar with the admin's overrides (every one: [start, end] is the range the caller
    will ask about, kept for the callers' sake). None read while the cache holds them; in a
    workflow move, looked up once (core.move_cache)."""
    return WorkingCalendar(_overrides())


def nth_working_day_after(day: dt.date, n: int) -> dt.date:
    # A deadline rarely reaches beyond two months, even across Tết.
    return load_calendar(day, day + dt.timedelta(days=max(60, n * 3))).nth_working_day_after(day, n)


def working_days_between(start: dt.date, end: dt.date) -> int:
    return load_calendar(start, end).working_days_between(start, end)
