# English for a Vietnamese office: the words change, the dates do not. Day first everywhere, as
# the date picker writes them, so that 05/04/2026 is 5 April in both languages.
from travelmgmt.formats.vi.formats import (  # noqa: F401
    DATE_FORMAT,
    DATE_INPUT_FORMATS,
    DATETIME_FORMAT,
    DATETIME_INPUT_FORMATS,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
)

YEAR_MONTH_FORMAT = "F Y"  # the Vietnamese one spells "năm"
