"""Passports reported lost, per year of the report (Law 49/2019 Art. 28): one query.

Counted from the custody log's REPORTED_LOST rows, which every loss writes (the custodian's
loss record and the plain report alike), so a passport later found still counts in its year.
"""

from django.db.models import Count
from django.db.models.functions import ExtractYear

from passports.models import CustodyEvent


def losses_per_year(years=None) -> dict[int, int]:
    events = CustodyEvent.objects.filter(action=CustodyEvent.Action.REPORTED_LOST)
    if years is not None:
        events = events.filter(at__year__in=list(years))
    rows = (
        events.annotate(year=ExtractYear("at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    return {row["year"]: row["n"] for row in rows}
