"""Losses per year on the statistics page: the year asked for and the four before it, the
Department's for the province, an agency's for its own holders, in a constant number of
queries."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.tests.factories import OfficialFactory
from passports import services
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db


def lose(custodian, agency, year):
    """A loss recorded (the custody log's row) in `year`."""
    passport = PassportFactory(official=OfficialFactory(agency=agency))
    when = timezone.make_aware(dt.datetime(year, 6, 15, 9, 0))
    with mock.patch("django.utils.timezone.now", return_value=when):
        services.passport_report_lost(passport=passport, actor=custodian, on_date=when.date())


def losses_shown(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("analytics:statistics"), {"year": 2027, **params})
    assert response.status_code == 200
    return response.context["losses"], response.content.decode()


def test_the_department_sees_the_province_per_year(client, reviewer, custodian, agency_a, agency_b):
    for year, agency in [(2025, agency_a), (2027, agency_a), (2027, agency_b), (2020, agency_a)]:
        lose(custodian, agency, year)
    losses, page = losses_shown(client, reviewer)
    assert losses == [(2023, 0), (2024, 0), (2025, 1), (2026, 0), (2027, 2)]
    assert "Hộ chiếu bị mất theo năm báo mất" in page
    losses, _page = losses_shown(client, reviewer, agency=agency_b.pk)
    assert losses[-1] == (2027, 1) and sum(n for _y, n in losses) == 1


def test_an_agency_sees_only_its_own_holders_losses(client, staff_a, custodian, agency_b):
    lose(custodian, staff_a.agency, 2027)
    lose(custodian, agency_b, 2027)
    lose(custodian, agency_b, 2026)
    losses, _page = losses_shown(client, staff_a, agency=agency_b.pk)
    assert losses[-2:] == [(2026, 0), (2027, 1)]


def test_the_losses_cost_one_query_however_many(client, reviewer, custodian, agency_a):
    client.force_login(reviewer)

    def count():
        cache.clear()  # the cached figures aside: the same work each time (analytics/cache.py)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("analytics:statistics"), {"year": 2027}).status_code == 200
        # The five years' losses: one query of the custody log.
        assert sum("passports_custodyevent" in q["sql"] for q in queries) == 1
        return len(queries)

    lose(custodian, agency_a, 2027)
    count()  # the first request after the login writes the session
    one = count()
    for year in (2023, 2024, 2025, 2026, 2027):
        for _ in range(3):
            lose(custodian, agency_a, year)
    assert count() == one
