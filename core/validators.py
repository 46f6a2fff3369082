"""Dates a record can plausibly carry: a mistyped year (0207, 20270) is refused, not stored."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop


def _translated(message, **values):
    # Formatted when shown, in the reader's language, not when the model is imported.
    return lazy(lambda: gettext(message) % values, str)()


def plausible_dates(first_year: int, last_year: int = 2100) -> list:
    return [
        MinValueValidator(
            dt.date(first_year, 1, 1),
            message=_translated(gettext_noop("Ngày phải từ năm %(year)s trở đi."), year=first_year),
        ),
        MaxValueValidator(
            dt.date(last_year, 12, 31),
            message=_translated(gettext_noop("Ngày phải trước năm %(year)s."), year=last_year + 1),
        ),
    ]
