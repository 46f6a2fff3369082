"""The facts the rules read from the apps above trips, without trips importing them.

Passports and reports sit above trips (each of them points at a trip), yet the rules read a
member's passports and the reports left unfiled. Each of those apps answers the core's
`facts_wanted` signal with its provider (connected when it loads: `passports/apps.py` →
`passports/receivers.py` → `passports/policy_facts.py`, and the same for reports); the
facts step asks for it here. (Plans sit below trips: read directly,
`trips/policy/plan_facts.py`.)

A provider missing means its app is not installed: an ImproperlyConfigured, never facts
silently empty (a check that saw no passport would warn every member, one that saw no plan
every trip).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

from core.signals import facts_wanted

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from core.calendar import WorkingCalendar
    from trips.policy.config import PolicyConfig
    from trips.policy.facts import TripData


class PassportReadiness(Protocol):
    ready: bool
    kinds_label: str  # the kinds of passport the trip needs, as a reader names them
    until: dt.date  # the day the passport must still be valid on


class PassportFacts(Protocol):
    def load(self, official_ids: list[int]) -> list:
        """The officials' passports, each with `official_id` and `out_for_return_date` (the
        return of the trip it is handed out for, or None): one query."""

    def readiness(
        self,
        passports: list,
        *,
        trip: TripData,
        config: PolicyConfig,
        today: dt.date,
        calendar: WorkingCalendar,
    ) -> PassportReadiness:
        """Whether one of a member's `passports` is ready for `trip` (L12)."""


class ReportFacts(Protocol):
    def filed(self) -> QuerySet:
        """The reports filed (submitted or accepted)."""

    def no_filed_report_sql(self, trip_id_column: str) -> tuple[str, list]:
        """An SQL condition, with its parameters, true when the trip whose id is in
        `trip_id_column` has no report filed (part of the facts step's one scan)."""


PASSPORTS, REPORTS = "passports", "reports"


def provider(app: str):
    answers = [answer for _r, answer in facts_wanted.send(sender=app) if answer is not None]
    if not answers:
        raise ImproperlyConfigured(
            f"The rules read the facts of '{app}', and no app answers for them: "
            f"add '{app}' to INSTALLED_APPS (its AppConfig.ready() connects its receiver)."
        )
    return answers[0]


def passports() -> PassportFacts:
    return provider(PASSPORTS)


def reports() -> ReportFacts:
    return provider(REPORTS)
