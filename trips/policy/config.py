"""Thresholds and switches of the policy, read once from settings.TRAVEL_POLICY."""

from __future__ import annotations

import dataclasses

from django.conf import settings

OPTIONAL_RULES = frozenset({"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"})


@dataclasses.dataclass(frozen=True)
class PolicyConfig:
    max_delegation_size: int = 10
    max_business_trips_per_year: int = 2
    large_delegation_size: int = 5
    year_edge_days: int = 15
    passport_validity_months: int = 6
    report_due_working_days: int = 7
    passport_return_working_days: int = 5
    max_trip_span_days: int = 90  # longer is invalid input, not a rule (POLICY.md, Timing)
    max_trip_days: int = 10
    max_countries: int = 3
    disabled_rules: frozenset[str] = frozenset()
    enabled_optional_rules: frozenset[str] = frozenset()

    @classmethod
    def from_settings(cls) -> PolicyConfig:
        raw = settings.TRAVEL_POLICY
        return cls(
            max_delegation_size=raw["MAX_DELEGATION_SIZE"],
            max_business_trips_per_year=raw["MAX_BUSINESS_TRIPS_PER_YEAR"],
            large_delegation_size=raw["LARGE_DELEGATION_SIZE"],
            year_edge_days=raw["YEAR_EDGE_DAYS"],
            passport_validity_months=raw["PASSPORT_VALIDITY_MONTHS"],
            report_due_working_days=raw["REPORT_DUE_WORKING_DAYS"],
            passport_return_working_days=raw["PASSPORT_RETURN_WORKING_DAYS"],
            max_trip_span_days=raw["MAX_TRIP_SPAN_DAYS"],
            max_trip_days=raw["MAX_TRIP_DAYS"],
            max_countries=raw["MAX_COUNTRIES"],
            disabled_rules=frozenset(raw["DISABLED_RULES"]),
            enabled_optional_rules=frozenset(raw["ENABLED_OPTIONAL_RULES"]),
        )

    def is_enabled(self, code: str) -> bool:
        if code in self.disabled_rules:
            return False
        if code in OPTIONAL_RULES:
            return code in self.enabled_optional_rules
        return True

    def snapshot(self) -> dict:
        """The settings in force, stored with a request on submit and on decision."""
        data = dataclasses.asdict(self)
        data["disabled_rules"] = sorted(self.disabled_rules)
        data["enabled_optional_rules"] = sorted(self.enabled_optional_rules)
        data["culture_day_is_holiday"] = settings.CALENDAR_CULTURE_DAY_IS_HOLIDAY
        return data
