"""Validators shared by the models: dates a record can plausibly carry (a mistyped year,
0207 or 20270, is refused, not stored) and one-line text."""

import datetime as dt
import re

from django.core.exceptions import ValidationError
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


# What breaks a line or is an invisible control: C0 (CR, LF, tab, NUL...), DEL, C1 (NEL...)
# and the Unicode line and paragraph separators. In a one-line field (a title, a name, a
# number) they would split an email header ("a\r\nBcc: x@example.org"), a CSV row or a log.
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value) -> None:
    """Validator for one-line text fields: no line breaks, no control characters."""
    if isinstance(value, str) and _CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            gettext("Chỉ được nhập một dòng, không có ký tự xuống dòng hay ký tự điều khiển."),
            code="control_characters",
        )


def single_line(text: str) -> str:
    """`text` with every run of line breaks and control characters made one space (for
    text that is not validated where it is typed, or was stored before the validator)."""
    return _CONTROL_CHARACTERS.sub(" ", text).strip()


def is_number(text: str) -> bool:
    """ASCII digits only. str.isdigit() also takes "²" or "٣", on which int() raises: a query
    string or a cell checked with it alone answers 500."""
    return text.isascii() and text.isdigit()
