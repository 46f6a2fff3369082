"""Thresholds and switches of the policy, in layers, each overriding the one before:

1. the defaults, declared where they are used: a rule's thresholds beside the rule
   (`@rule(..., settings={"max_delegation_size": 10})`, trips/policy/registry.py), the general
   ones below;
2. the profile `POLICY_PROFILE` names (profiles.py: `default`, `hanoi`, `danang`);
3. the environment, `POLICY_<NAME>` (settings.TRAVEL_POLICY; an empty value is unset);
4. the administrator's changes in the app (store.py), a rule's code switching it on or off.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from trips.policy.profiles import profile_values
from trips.policy.registry import CODES, OPTIONAL_RULES, RULE_SETTINGS

# Read outside the rules too (passports, reports, the dates' validation).
GENERAL_SETTINGS = {
    "passport_validity_months": 6,
    "report_due_working_days": 7,
    "passport_return_working_days": 5,
    "max_trip_span_days": 90,  # longer is invalid input, not a rule (POLICY.md, Timing)
}
SWITCHES = ("disabled_rules", "enabled_optional_rules")
# Settings that are a word, not a number, and the words they take. A rule whose severity is a
# setting reads it from "<its code in lower case>_severity".
CHOICES = {"days_per_country_severity": ("warn", "block")}


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
        """The settings in force now: defaults, profile, environment, administrator."""
        from trips.policy.store import overrides

        return cls(**with_overrides(base_values(), overrides()))

    @classmethod
    def from_snapshot(cls, stored: dict, *, fallback) -> PolicyConfig:
        """The settings stored with a request (`snapshot()`), those it lacks (a setting added
        since) taken from `fallback`: a PolicyConfig, or a function returning one, called only
        then (today's settings cost a cache read)."""
        known = defaults()
        kept = {k: v for k, v in (stored or {}).items() if k in known}
        if len(kept) == len(known):
            return cls(**kept)
        fallback = fallback() if callable(fallback) else fallback
        return cls(**{**fallback._values, **kept})

    @classmethod
    def from_environment(cls) -> PolicyConfig:
        """Without the administrator's changes: what a change back to "unset" returns to."""
        return cls(**base_values())

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


def profile_name() -> str:
    return settings.TRAVEL_POLICY.get("PROFILE") or "default"


def base_values() -> dict:
    """The profile, then the environment's values one by one over it."""
    raw = {k: v for k, v in settings.TRAVEL_POLICY.items() if k.upper() != "PROFILE"}
    return {**profile_values(profile_name()), **_parse(raw, defaults())}


def with_overrides(values: dict, changes: dict) -> dict:
    """`values` with the administrator's changes: a threshold replaced, a rule's code (true or
    false) switching that rule on or off. Changes naming what no longer exists are ignored (a
    rule or setting removed since)."""
    known = defaults()
    values = dict(values)
    disabled = set(values.get("disabled_rules", ()))
    enabled = set(values.get("enabled_optional_rules", ()))
    for name, value in changes.items():
        if name in CODES:
            (disabled.discard if value else disabled.add)(name)
            if name in OPTIONAL_RULES:
                (enabled.add if value else enabled.discard)(name)
        elif name in known and name not in SWITCHES:
            values[name] = value
    values["disabled_rules"], values["enabled_optional_rules"] = disabled, enabled
    return values


def _parse(raw: dict, known: dict) -> dict:
    """TRAVEL_POLICY's values (text from the environment, or Python values from a test's
    override_settings) as the config's types; an unknown name is a configuration error."""
    values = {}
    for key, value in raw.items():
        name = key.lower()
        if value == "":  # POLICY_X= in an env file: unset, the profile's or default value
            continue
        if name not in known:
            raise ImproperlyConfigured(f"TRAVEL_POLICY: no policy setting POLICY_{key.upper()}")
        if name in SWITCHES:
            if isinstance(value, str):
                value = [code.strip() for code in value.split(",")]
            values[name] = frozenset(code for code in value if code)
            continue
        if name in CHOICES:
            if str(value).strip().lower() not in CHOICES[name]:
                words = " or ".join(CHOICES[name])
                raise ImproperlyConfigured(f"POLICY_{key.upper()} must be {words}")
            values[name] = str(value).strip().lower()
            continue
        try:
            values[name] = int(value)
        except (TypeError, ValueError):
            raise ImproperlyConfigured(f"POLICY_{key.upper()} must be a whole number") from None
    return values
