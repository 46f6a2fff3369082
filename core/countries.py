"""Country names in Vietnamese from a reviewed table, English from django-countries.

django-countries' own Vietnamese catalogue is wrong in places (Iceland and Ireland both
"Ai-len", Jersey "Áo", Niger and Nigeria both "Nigeria"), so `COUNTRIES_OVERRIDE` gives each
code a lazy name: the table's in Vietnamese, the library's English name otherwise.
"""

import functools
from pathlib import Path

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import get_language, override
from django_countries import Countries

TABLE = Path(__file__).resolve().parent / "data" / "countries.vi.tsv"


@functools.cache
def vietnamese_names() -> dict[str, str]:
    rows = (line.split("\t") for line in TABLE.read_text(encoding="utf-8").splitlines())
    return {row[0]: row[1] for row in rows if len(row) == 2 and not row[0].startswith("#")}


def _name(code: str) -> str:
    if (get_language() or "vi").startswith("vi"):
        return vietnamese_names()[code]
    # Imported late: the settings import this module before the apps are loaded.
    from django_countries.data import COUNTRIES

    with override("en"):
        return str(Countries.COMMON_NAMES.get(code) or COUNTRIES[code])


country_name = lazy(_name, str)


def country_overrides() -> dict:
    """The `COUNTRIES_OVERRIDE` setting: every code of the table, named per language."""
    return {code: country_name(code) for code in vietnamese_names()}


class Destinations(Countries):
    """Where a trip abroad may go: every country of the table but Việt Nam itself."""

    @property
    def override(self):
        return {**settings.COUNTRIES_OVERRIDE, "VN": None}
