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


@pytest.fixture
def silenced():
    """Disconnect an app's receiver of facts_wanted for the test (as if not installed)."""
    from core.signals import facts_wanted
    from passports import receivers as passport_receivers
    from reports import receivers as report_receivers

    receivers = {providers.PASSPORTS: passport_receivers, providers.REPORTS: report_receivers}
    gone = []

    def silence(app):
        facts_wanted.disconnect(dispatch_uid=f"{app}.facts")
        gone.append(app)

    yield silence
    for app in gone:
        facts_wanted.connect(receivers[app].facts, dispatch_uid=f"{app}.facts")


def test_each_app_above_trips_registers_its_provider_when_it_loads():
    assert isinstance(providers.passports(), PassportFacts)
    assert isinstance(providers.reports(), ReportFacts)
    with pytest.raises(ImproperlyConfigured):
        providers.provider("plans")  # below trips: read directly, nobody answers for them


@pytest.mark.parametrize("app", [providers.PASSPORTS, providers.REPORTS])
@pytest.mark.django_db
def test_a_check_without_an_apps_provider_is_a_configuration_error(app, silenced):
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
    silenced(app)
    with pytest.raises(ImproperlyConfigured, match=f"add '{app}' to INSTALLED_APPS"):
        policy.check(data, today=dt.date(2027, 3, 1))


def test_a_plans_figures_without_the_reports_provider_are_a_configuration_error(silenced):
    from trips.plan_actuals import lines_with_actuals

    silenced(providers.REPORTS)
    with pytest.raises(ImproperlyConfigured, match="add 'reports' to INSTALLED_APPS"):
        lines_with_actuals(None)
