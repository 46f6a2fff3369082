"""Rules declared once: a rule registered with `@rule` is checked, configured and switched
without touching any other table (trips/policy/registry.py)."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from agencies.tests.factories import OfficialFactory
from trips import policy
from trips.policy import registry, rules
from trips.policy.config import PolicyConfig
from trips.policy.facts import MemberData, TripData
from trips.policy.findings import basis_for, make


@pytest.fixture
def throw_away_rule():
    """A rule of a made-up clause: a delegation of more than `max_test_members` people."""

    @registry.rule(
        "TEST_TOO_MANY_MEMBERS",
        clause="L99",
        kinds=("business",),
        severity="warn",
        optional=True,
        settings={"max_test_members": 1},
    )
    def TEST_TOO_MANY_MEMBERS(facts):
        if len(facts.trip.members) <= facts.config.max_test_members:
            return []
        return [make("TEST_TOO_MANY_MEMBERS", "warn", "Quá nhiều người (thử).")]

    yield TEST_TOO_MANY_MEMBERS
    registry.unregister("TEST_TOO_MANY_MEMBERS")


def _two_member_trip():
    a, b = OfficialFactory(), OfficialFactory()
    return TripData(
        kind="business",
        agency_id=a.agency_id,
        departure_date=dt.date(2027, 6, 7),
        return_date=dt.date(2027, 6, 11),
        members=[MemberData(a.id, True), MemberData(b.id)],
        countries=["JP"],
    )


@pytest.mark.django_db
def test_a_registered_rule_is_checked_configured_and_forgotten(throw_away_rule):
    data = _two_member_trip()
    assert "TEST_TOO_MANY_MEMBERS" in rules.CODES and rules.CLAUSES["TEST_TOO_MANY_MEMBERS"]
    assert "L99" in basis_for("TEST_TOO_MANY_MEMBERS")
    # Optional: off until switched on, from the settings like any province's switch.
    assert "TEST_TOO_MANY_MEMBERS" not in [f.code for f in policy.check(data)]
    switched_on = {"ENABLED_OPTIONAL_RULES": "TEST_TOO_MANY_MEMBERS"}
    with override_settings(TRAVEL_POLICY=switched_on):
        config = PolicyConfig.from_settings()
        assert config.max_test_members == 1 and config.snapshot()["max_test_members"] == 1
        found = [f for f in policy.check(data) if f.code == "TEST_TOO_MANY_MEMBERS"]
        assert [f.severity for f in found] == ["warn"] and "L99" in found[0].basis
    # Its threshold is a setting like the others (POLICY_MAX_TEST_MEMBERS in the environment).
    with override_settings(TRAVEL_POLICY={**switched_on, "MAX_TEST_MEMBERS": "2"}):
        assert "TEST_TOO_MANY_MEMBERS" not in [f.code for f in policy.check(data)]

    registry.unregister("TEST_TOO_MANY_MEMBERS")
    try:
        assert "TEST_TOO_MANY_MEMBERS" not in rules.CODES
        with pytest.raises(TypeError):
            PolicyConfig(max_test_members=1)
    finally:  # the fixture unregisters it again
        registry.rule(
            "TEST_TOO_MANY_MEMBERS", clause="L99", kinds=(), severity="warn", optional=True
        )(throw_away_rule)


def test_every_rule_is_declared_with_a_clause_its_kinds_and_a_severity():
    assert [r.code for r in registry.RULES] == rules.CODES
    for entry in registry.RULES:
        assert entry.function.__name__ == entry.code and getattr(rules, entry.code)
        assert entry.clause.startswith("L") and entry.kinds
        assert entry.severity in ("block", "warn")
    assert registry.OPTIONAL_RULES == {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES", "DAYS_PER_COUNTRY"}


def test_the_defaults_are_policy_md_s():
    config = PolicyConfig()
    assert (config.max_delegation_size, config.max_business_trips_per_year) == (10, 2)
    assert (config.large_delegation_size, config.year_edge_days) == (5, 15)
    assert (config.max_trip_days, config.max_countries, config.max_trip_span_days) == (10, 3, 90)
    assert (config.passport_validity_months, config.report_due_working_days) == (6, 7)
    assert config.passport_return_working_days == 5
    assert config.disabled_rules == config.enabled_optional_rules == frozenset()


def test_a_rule_must_be_named_after_its_code_and_declared_once():
    with pytest.raises(ValueError, match="must be named"):
        registry.rule("SOMETHING_ELSE", clause="L1", kinds=(), severity="warn")(lambda f: [])
    with pytest.raises(ValueError, match="already registered"):
        registry.rule("YEAR_EDGE", clause="L9", kinds=(), severity="warn")(rules.YEAR_EDGE)
    assert rules.CODES.count("YEAR_EDGE") == 1


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"MAX_DELEGATON_SIZE": "10"}, "POLICY_MAX_DELEGATON_SIZE"),
        ({"MAX_COUNTRIES": "x"}, "POLICY_MAX_COUNTRIES"),
    ],
)
def test_a_wrong_policy_setting_is_a_configuration_error(raw, message):
    with override_settings(TRAVEL_POLICY=raw), pytest.raises(ImproperlyConfigured, match=message):
        PolicyConfig.from_settings()


def test_settings_from_the_environment_are_parsed():
    raw = {"MAX_DELEGATION_SIZE": "7", "DISABLED_RULES": "YEAR_EDGE, LARGE_DELEGATION"}
    with override_settings(TRAVEL_POLICY=raw):
        config = PolicyConfig.from_settings()
    assert config.max_delegation_size == 7
    assert config.disabled_rules == {"YEAR_EDGE", "LARGE_DELEGATION"}
    assert not config.is_enabled("YEAR_EDGE") and config.is_enabled("PASSPORT_NOT_READY")


def test_env_example_lists_every_policy_setting():
    from django.conf import settings

    lines = (settings.BASE_DIR / ".env.example").read_text().splitlines()
    listed = {line.split("=")[0] for line in lines if line.startswith("POLICY_")}
    assert "POLICY_PROFILE" in listed  # the profile is chosen there, not a setting itself
    assert listed - {"POLICY_PROFILE"} == {
        f"POLICY_{name.upper()}" for name in PolicyConfig().snapshot()
    } - {"POLICY_CULTURE_DAY_IS_HOLIDAY"}
