"""The passports' facts for the rules module (trips/policy/providers.py), registered by
passports/apps.py: the members' passports in one query, and whether one is ready (L12)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from passports import fitness
from passports.models import Passport


@dataclasses.dataclass(frozen=True)
class Readiness:
    ready: bool
    kinds_label: str
    until: dt.date


class PassportFacts:
    def load(self, official_ids) -> list[Passport]:
        # order_by(): the model's default ordering would add a sort nobody needs here.
        passports = Passport.objects.filter(official_id__in=official_ids)
        return list(fitness.with_open_handout(passports).order_by())

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
        label = " / ".join(str(Passport.Kind(k).label).lower() for k in sorted(answer.kinds))
        return Readiness(ready=answer.ready, kinds_label=label, until=answer.until)
