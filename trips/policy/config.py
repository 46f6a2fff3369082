"""Thresholds and switches of the policy, read once from settings.TRAVEL_POLICY.

The defaults are declared where they are used: a rule's thresholds beside the rule
(`@rule(..., settings={"max_delegation_size": 10})`, trips/policy/registry.py), the general
ones below. `TRAVEL_POLICY` holds only what the environment overrides (`POLICY_<NAME>`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from trips.policy.registry import OPTIONAL_RULES, RULE_SETTINGS

# Read outside the rules too (passports, reports, the dates' validation).
GENERAL_SETTINGS = {
    "passport_validity_months": 6,
    "report_due_working_days": 7,
    "passport_return_working_days": 5,
    "max_trip_span_days": 90,  # longer is invalid input, not a rule (POLICY.md, Timing)
}
SWITCHES = ("disabled_rules", "enabled_optional_rules")


def defaults() -> dict:
    return {
        **GENERAL_SETTINGS,
        **RULE_SETTINGS,
        **{name: frozenset() for name in SWITCHES},
    }


class PolicyConfig:
    """The settings in force: `config.max_delegation_size`, ... Immutable.

    `PolicyConfig(max_delegation_size=7)` overrides a default; an unknown name is an error."""

    __slots__ = ("_values",)

    def __init__(self, **values):
        known = defaults()
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise TypeError(f"PolicyConfig has no setting {', '.join(unknown)}")
        merged = {**known, **values}
        for name in SWITCHES:
            merged[name] = frozenset(merged[name])
        object.__setattr__(self, "_values", merged)

    def __getattr__(self, name: str):
        try:
            return object.__getattribute__(self, "_values")[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("PolicyConfig is immutable")

    def __eq__(self, other) -> bool:
        return isinstance(other, PolicyConfig) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._values.items())))

    def __repr__(self) -> str:
        return f"PolicyConfig({', '.join(f'{k}={v!r}' for k, v in self._values.items())})"

    @classmethod
    def from_settings(cls) -> PolicyConfig:
        return cls(**_parse(settings.TRAVEL_POLICY, defaults()))

    def is_enabled(self, code: str) -> bool:
        if code in self.disabled_rules:
            return False
        if code in OPTIONAL_RULES:
            return code in self.enabled_optional_rules
        return True

    def snapshot(self) -> dict:
        """The settings in force, stored with a request on submit and on decision."""
        data = dict(self._values)
        for name in SWITCHES:
            data[name] = sorted(data[name])
        data["culture_day_is_holiday"] = settings.CALENDAR_CULTURE_DAY_IS_HOLIDAY
        return data


def _parse(raw: dict, known: dict) -> dict:
    """TRAVEL_POLICY's values (text from the environment, or Python values from a test's
    override_settings) as the config's types; an unknown name is a configuration error."""
    values = {}
    for key, value in raw.items():
        name = key.lower()
        if name not in known:
            raise ImproperlyConfigured(f"TRAVEL_POLICY: no policy setting POLICY_{key.upper()}")
        if name in SWITCHES:
            if isinstance(value, str):
                value = [code.strip() for code in value.split(",")]
            values[name] = frozenset(code for code in value if code)
            continue
        try:
            values[name] = int(value)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"POLICY_{key.upper()} must be a whole number") from None
    return values
