"""Passports reported lost, per year of the report (Law 49/2019 Art. 28): one query.

Counted from the custody log's REPORTED_LOST rows, which every loss writes (the custodian's
loss record and the plain report alike), so a passport later found still counts in its year.
"""

from django.db.models import Count
from django.db.models.functions import ExtractYear

from passports.models import CustodyEvent

# The statistics page shows the year asked for and the ones before it.
YEARS_SHOWN = 5


def losses_per_year(years=None, agency_id=None) -> dict[int, int]:
    """{year: passports reported lost}; with `agency_id`, only the passports of that agency's
    officials (as they are now: a transferred holder's loss goes with them)."""
    events = CustodyEvent.objects.filter(action=CustodyEvent.Action.REPORTED_LOST)
    if agency_id is not None:
        events = events.filter(passport__official__agency_id=agency_id)
    if years is not None:
        events = events.filter(at__year__in=list(years))
    rows = (
        events.annotate(year=ExtractYear("at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return {row["year"]: row["n"] for row in rows}


def recent_losses(year: int, agency_id=None) -> list[tuple[int, int]]:
    """[(year, losses)] for `year` and the YEARS_SHOWN - 1 before it, oldest first, years
    without a loss included (0): one query."""
    years = range(year - YEARS_SHOWN + 1, year + 1)
    counted = losses_per_year(years, agency_id)
    return [(y, counted.get(y, 0)) for y in years]
