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
        """In custody (passports.fitness, the definition the hand-out shares), of the kind
        the trip needs, valid `passport_validity_months` past the return."""
        until = fitness.valid_until(trip.return_date, config.passport_validity_months)
        kinds = fitness.required_kinds(
            is_business=trip.is_business, passports=passports, today=today
        )
        ready = any(
            fitness.is_ready(
                p,
                kinds=kinds,
                until=until,
                trip_id=trip.trip_id,
                departure_date=trip.departure_date,
                calendar=calendar,
                return_days=config.passport_return_working_days,
            )
            for p in passports
        )
        label = " / ".join(str(Passport.Kind(k).label).lower() for k in sorted(kinds))
        return Readiness(ready=ready, kinds_label=label, until=until)
