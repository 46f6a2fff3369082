"""The province's own thresholds: profiles (POLICY_PROFILE), the environment, and the
administrator's changes in the app, recorded append-only and applied to requests submitted
after them (POLICY.md, additions of 2026-12-06)."""

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from approvals import services
from core.errors import NotAllowed
from core.history import AppendOnlyError
from trips.models_policy import PolicyChange
from trips.policy import PolicyConfig, store
from trips.services.policy_settings import policy_setting_change
from trips.tests.helpers import administrator, submitted_trip

BASIS = "Quyết định 12/QĐ-UBND ngày 01/12/2026"


@pytest.mark.parametrize(
    ("raw", "enabled", "max_trip_days", "max_countries"),
    [
        ({}, set(), 10, 3),
        ({"PROFILE": "default"}, set(), 10, 3),
        ({"PROFILE": "hanoi"}, {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"}, 10, 3),
        ({"PROFILE": "danang"}, {"TOO_MANY_COUNTRIES", "DAYS_PER_COUNTRY"}, 10, 3),
        # Settings given one by one override the profile; an empty one is unset.
        (
            {"PROFILE": "hanoi", "MAX_TRIP_DAYS": "12"},
            {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"},
            12,
            3,
        ),
        ({"PROFILE": "hanoi", "ENABLED_OPTIONAL_RULES": "TRIP_TOO_LONG"}, {"TRIP_TOO_LONG"}, 10, 3),
        (
            {"PROFILE": "hanoi", "ENABLED_OPTIONAL_RULES": ""},
            {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"},
            10,
            3,
        ),
    ],
)
def test_profiles_and_the_environment_over_them(raw, enabled, max_trip_days, max_countries):
    with override_settings(TRAVEL_POLICY=raw):
        config = PolicyConfig.from_environment()
    optional = ("TRIP_TOO_LONG", "TOO_MANY_COUNTRIES", "DAYS_PER_COUNTRY")
    assert {c for c in optional if config.is_enabled(c)} == enabled
    assert config.max_days_per_country == 3 and config.days_per_country_severity == "warn"
    assert (config.max_trip_days, config.max_countries) == (max_trip_days, max_countries)
    # Nothing else differs from the letter's defaults.
    assert config.max_delegation_size == 10 and config.max_business_trips_per_year == 2


def test_an_unknown_profile_is_a_configuration_error_at_start():
    from django.apps import apps

    with override_settings(TRAVEL_POLICY={"PROFILE": "hue"}):
        with pytest.raises(ImproperlyConfigured, match="POLICY_PROFILE"):
            apps.get_app_config("trips").ready()


@pytest.mark.django_db
def test_a_change_is_recorded_with_who_when_old_new_reason_and_basis(
    django_capture_on_commit_callbacks,
):
    admin = administrator()
    with override_settings(TRAVEL_POLICY={"MAX_BUSINESS_TRIPS_PER_YEAR": "3"}):
        with django_capture_on_commit_callbacks(execute=True):
            change = policy_setting_change(
                actor=admin,
                setting="max_business_trips_per_year",
                value="4",
                reason="Tỉnh cho phép 4 chuyến",
                basis=BASIS,
            )
        assert PolicyConfig.from_settings().max_business_trips_per_year == 4
        assert PolicyConfig.from_environment().max_business_trips_per_year == 3
    row = PolicyChange.objects.get()
    assert (row.actor, row.setting, row.old_value, row.new_value) == (admin, change.setting, 3, 4)
    assert (row.reason, row.basis) == ("Tỉnh cho phép 4 chuyến", BASIS) and row.at
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        PolicyChange.objects.all().delete()


@pytest.mark.django_db
def test_a_rule_is_switched_and_switched_back(django_capture_on_commit_callbacks):
    admin = administrator()
    with django_capture_on_commit_callbacks(execute=True):
        policy_setting_change(
            actor=admin, setting="YEAR_EDGE", value=False, reason="x", basis=BASIS
        )
        policy_setting_change(
            actor=admin, setting="TRIP_TOO_LONG", value=True, reason="x", basis=BASIS
        )
    config = PolicyConfig.from_settings()
    assert not config.is_enabled("YEAR_EDGE") and config.is_enabled("TRIP_TOO_LONG")
    with django_capture_on_commit_callbacks(execute=True):
        policy_setting_change(actor=admin, setting="YEAR_EDGE", value=None, reason="y", basis=BASIS)
    assert PolicyConfig.from_settings().is_enabled("YEAR_EDGE")
    rows = list(PolicyChange.objects.values_list("setting", "old_value", "new_value"))
    assert rows == [
        ("YEAR_EDGE", True, False),
        ("TRIP_TOO_LONG", False, True),
        ("YEAR_EDGE", False, None),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("setting", "value", "reason", "basis", "field"),
    [
        ("max_delegation_size", 0, "r", BASIS, "value"),
        ("max_delegation_size", 367, "r", BASIS, "value"),
        ("max_delegation_size", "mười", "r", BASIS, "value"),
        ("max_delegation_size", True, "r", BASIS, "value"),
        ("agency_absence_share_percent", 101, "r", BASIS, "value"),
        ("YEAR_EDGE", "off", "r", BASIS, "value"),
        ("days_per_country_severity", "stop", "r", BASIS, "value"),
        ("no_such_setting", 3, "r", BASIS, "setting"),
        ("disabled_rules", ["YEAR_EDGE"], "r", BASIS, "setting"),
        ("max_delegation_size", 10, "r", BASIS, "value"),  # the value already in force
        ("max_delegation_size", None, "r", BASIS, "value"),  # nothing to return from
        ("max_delegation_size", 8, " ", BASIS, "reason"),
        ("max_delegation_size", 8, "r", "", "basis"),
    ],
)
def test_a_wrong_change_is_refused_with_a_message_and_nothing_saved(
    setting, value, reason, basis, field
):
    with pytest.raises(ValidationError) as refused:
        policy_setting_change(
            actor=administrator(), setting=setting, value=value, reason=reason, basis=basis
        )
    assert field in refused.value.message_dict and refused.value.message_dict[field][0]
    assert not PolicyChange.objects.exists()


@pytest.mark.django_db
def test_only_an_administrator_changes_the_policy(reviewer, staff_a):
    for user in (reviewer, staff_a):
        with pytest.raises(NotAllowed):
            policy_setting_change(
                actor=user, setting="max_delegation_size", value=8, reason="r", basis=BASIS
            )
    assert not PolicyChange.objects.exists()


@pytest.mark.django_db
def test_the_settings_are_cached_and_forgotten_when_a_change_commits(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    store.forget()
    with django_assert_num_queries(1):  # cold: the change log, once
        PolicyConfig.from_settings()
    with django_assert_num_queries(0):  # warm
        PolicyConfig.from_settings()
        PolicyConfig.from_settings()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        policy_setting_change(
            actor=administrator(), setting="max_delegation_size", value=8, reason="r", basis=BASIS
        )
    assert PolicyConfig.from_settings().max_delegation_size == 10  # not committed yet
    for callback in callbacks:
        callback()
    assert PolicyConfig.from_settings().max_delegation_size == 8


@pytest.mark.django_db
def test_a_change_applies_to_requests_submitted_after_it(
    staff_a, head_a, django_capture_on_commit_callbacks
):
    """A request keeps the settings stored at its submission, at approval too."""
    before = submitted_trip(staff_a, n=2)
    with django_capture_on_commit_callbacks(execute=True):
        policy_setting_change(
            actor=administrator(), setting="max_delegation_size", value=1, reason="r", basis=BASIS
        )
    # The decider's page weighs it by the same settings as its approval will.
    from trips.live_findings import findings_now

    assert "DELEGATION_TOO_LARGE" not in [f["code"] for f in findings_now(before).findings]
    approved = services.trip_approve(trip=before, actor=head_a)
    assert approved.status == "approved"
    assert approved.history.order_by("-id").first().policy["max_delegation_size"] == 10
    from trips.exceptions import PolicyBlocked

    with pytest.raises(PolicyBlocked) as blocked:
        submitted_trip(staff_a, n=2)
    assert [f.code for f in blocked.value.findings if f.is_block] == ["DELEGATION_TOO_LARGE"]


def test_a_stored_policy_takes_what_it_lacks_from_today_and_reads_today_only_then():
    """A setting added since a request was submitted is today's; a complete snapshot is used
    as stored, without reading today's settings (a cache read at every decision step)."""
    today = PolicyConfig(max_delegation_size=7, report_due_working_days=9)
    stored = PolicyConfig(max_delegation_size=4).snapshot()

    def unread():
        raise AssertionError("today's settings read for a complete snapshot")

    complete = PolicyConfig.from_snapshot(stored, fallback=unread)
    assert complete == PolicyConfig(max_delegation_size=4)
    del stored["report_due_working_days"]  # added after this request was submitted
    partial = PolicyConfig.from_snapshot(stored, fallback=lambda: today)
    assert (partial.max_delegation_size, partial.report_due_working_days) == (4, 9)
    assert PolicyConfig.from_snapshot(stored, fallback=today) == partial
