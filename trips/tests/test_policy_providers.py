"""The facts the rules read from passports and reports come from the providers those apps
register when they load (trips/policy/providers.py); one missing is a configuration error,
never facts silently empty. Plans sit below trips: read directly (trips/policy/plan_facts)."""

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from agencies.tests.factories import OfficialFactory
from passports.policy_facts import PassportFacts
from reports.policy_facts import ReportFacts
from trips import policy
from trips.policy import providers
from trips.policy.facts import MemberData, TripData


def test_each_app_above_trips_registers_its_provider_when_it_loads():
    assert isinstance(providers.passports(), PassportFacts)
    assert isinstance(providers.reports(), ReportFacts)
    assert set(providers.PROVIDERS) == {providers.PASSPORTS, providers.REPORTS}  # no plans


@pytest.mark.parametrize("app", [providers.PASSPORTS, providers.REPORTS])
@pytest.mark.django_db
def test_a_check_without_an_apps_provider_is_a_configuration_error(app, monkeypatch):
    official = OfficialFactory()
    data = TripData(
        kind="business",
        agency_id=official.agency_id,
        departure_date=dt.date(2027, 6, 7),
        return_date=dt.date(2027, 6, 11),
        members=[MemberData(official.id, True)],
        countries=["JP"],
    )
    policy.check(data, today=dt.date(2027, 3, 1))  # registered: it runs
    monkeypatch.delitem(providers.PROVIDERS, app)
    with pytest.raises(ImproperlyConfigured, match=f"add '{app}' to INSTALLED_APPS"):
        policy.check(data, today=dt.date(2027, 3, 1))


def test_a_plans_figures_without_the_reports_provider_are_a_configuration_error(monkeypatch):
    from trips.plan_actuals import lines_with_actuals

    monkeypatch.delitem(providers.PROVIDERS, providers.REPORTS)
    with pytest.raises(ImproperlyConfigured, match="add 'reports' to INSTALLED_APPS"):
        lines_with_actuals(None)
