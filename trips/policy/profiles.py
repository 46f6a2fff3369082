"""Named sets of switches and thresholds, selected by `POLICY_PROFILE` (POLICY.md, additions of
2026-12-06, "Profiles"). Only the values POLICY.md lists: a value not known is left unset (the
letter's default applies), never guessed. Settings given one by one (the environment, the
administrator) override the profile."""

from django.core.exceptions import ImproperlyConfigured

PROFILES: dict[str, dict] = {
    # The letter as POLICY.md's table.
    "default": {},
    # Hà Nội: a trip of at most 10 days and 3 countries.
    "hanoi": {
        "enabled_optional_rules": frozenset({"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"}),
        "max_trip_days": 10,
        "max_countries": 3,
    },
    # Đà Nẵng: at most 3 countries, and 3 days in one country.
    "danang": {
        "enabled_optional_rules": frozenset({"TOO_MANY_COUNTRIES", "DAYS_PER_COUNTRY"}),
        "max_countries": 3,
        "max_days_per_country": 3,
    },
}


def profile_values(name: str) -> dict:
    try:
        return PROFILES[name or "default"]
    except KeyError:
        known = ", ".join(PROFILES)
        raise ImproperlyConfigured(f"POLICY_PROFILE must be one of {known}, not {name!r}") from None
