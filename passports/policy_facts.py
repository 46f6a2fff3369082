"""The passports' facts for the rules module (trips/policy/providers.py), registered by
passports/apps.py: the members' passports in one query, and whether one is ready (L12)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from core.rawsql import as_date, columns, fetch, instances, placeholders
from passports import fitness
from passports.models import Passport

# Each passport with the trip it is out for and that trip's return (None when it is in
# custody), as fitness.with_open_handout annotates them: in SQL, since the facts step runs
# on every check (trips/policy/facts.py). A passport has at most one open hand-out (a
# constraint), so the join adds no row.
_PASSPORTS_SQL = """
    SELECT {columns}, h.trip_id, t.return_date
    FROM passports_passport p
    LEFT JOIN passports_handout h ON h.passport_id = p.id AND h.returned_on IS NULL
    LEFT JOIN trips_triprequest t ON t.id = h.trip_id
    WHERE p.official_id IN ({ids})
"""


@dataclasses.dataclass(frozen=True)
class Readiness:
    ready: bool
    kinds_label: str
    until: dt.date


class PassportFacts:
    def load(self, official_ids) -> list[Passport]:
        if not official_ids:
            return []
        sql = _PASSPORTS_SQL.format(columns=columns(Passport, "p"), ids=placeholders(official_ids))
        passports = instances(
            Passport,
            fetch(sql, list(official_ids)),
            extra=("out_for_trip_id", "out_for_return_date"),
        )
        for passport in passports:  # SQLite: a joined date may come back as text
            passport.out_for_return_date = as_date(passport.out_for_return_date)
        return passports

    def readiness(self, passports, *, trip, config, today, calendar) -> Readiness:
        """The rule's reading of passports.fitness.readiness, with the kinds as a reader
        names them (`kinds_label`)."""
        answer = fitness.readiness(
            passports,
            is_business=trip.is_business,
            trip_id=trip.trip_id,
            departure_date=trip.departure_date,
            return_date=trip.return_date,
            config=config,
            calendar=calendar,
            today=today,
        )
        # The label is read only in the finding of a member who is not ready.
        label = "" if answer.ready else _kinds_label(answer.kinds)
        return Readiness(ready=answer.ready, kinds_label=label, until=answer.until)


def _kinds_label(kinds) -> str:
    return " / ".join(str(Passport.Kind(k).label).lower() for k in sorted(kinds))
