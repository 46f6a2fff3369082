"""Statistics: the days an agency was over its share (AGENCY_ABSENCE_SHARE), in a constant
number of queries, own agency only for its staff."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agencies.tests.factories import AgencyFactory, OfficialFactory
from analytics.absence_share import agencies_over_share
from trips.policy.config import PolicyConfig
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
D = dt.date
JUNE_9 = D(2027, 6, 9)


def _abroad(agency, people, start, end):
    TripFactory(
        agency=agency,
        status="approved",
        departure_date=start,
        return_date=end,
        members=people,
        submitted_at=timezone.now(),
    )


def _crowded(agency, day=JUNE_9):
    """4 of the agency's 4 officials abroad on `day` (limit 3), 2 of them the day before."""
    people = OfficialFactory.create_batch(4, agency=agency)
    _abroad(agency, people[:2], day - dt.timedelta(days=1), day)
    _abroad(agency, people[2:], day, day)


def test_the_days_over_are_listed_per_agency():
    a, b = AgencyFactory(name="Sở A"), AgencyFactory(name="Sở B")
    _crowded(a)
    _abroad(b, OfficialFactory.create_batch(3, agency=b), D(2027, 6, 9), D(2027, 6, 9))  # = 3
    rows = agencies_over_share(D(2027, 1, 1), D(2027, 12, 31))
    assert [(r.agency, r.days) for r in rows] == [("Sở A", [D(2027, 6, 9)])]
    assert agencies_over_share(D(2027, 1, 1), D(2027, 6, 8)) == []  # outside the period
    assert agencies_over_share(D(2027, 1, 1), D(2027, 12, 31), agency_id=b.id) == []
    off = PolicyConfig(disabled_rules={"AGENCY_ABSENCE_SHARE"})
    assert agencies_over_share(D(2027, 1, 1), D(2027, 12, 31), config=off) == []


def test_the_statistics_page_shows_them_in_constant_queries(
    client, staff_a, staff_b, reviewer, django_capture_on_commit_callbacks
):
    _crowded(staff_b.agency)

    def page(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("analytics:statistics"), {"year": 2027})
        return response.content.decode(), len(queries)

    html, before = page(reviewer)
    assert 'id="over-share"' in html and "09/06/2027" in html
    with django_capture_on_commit_callbacks(execute=True):  # committed: the figures move
        for n in range(5):  # more agencies over their share, more trips: the same queries
            _crowded(AgencyFactory(), D(2027, 3, 2 + n))
    html, after = page(reviewer)
    assert after == before and html.count("02/03/2027") == 1
    html, _ = page(staff_a)  # an agency reads its own days only
    assert "09/06/2027" not in html and "Không có ngày nào vượt tỷ lệ." in html


@pytest.mark.parametrize("seed", range(3))
def test_the_grouped_count_equals_the_rules_count(seed):
    """The page's query (one GROUP BY) and the rule's functions (trips/policy/absence.py)
    find the same days on random histories: overlapping trips of one official, officials who
    left or moved agency, pending and cancelled trips, trips over the period's edges."""
    import random

    from agencies.models import Agency
    from analytics.absence_share import days_over_share
    from trips.policy.absence import agency_days_over_share

    rng = random.Random(seed)
    today = timezone.localdate()
    agencies = AgencyFactory.create_batch(3)
    people = {a.pk: OfficialFactory.create_batch(rng.randint(2, 8), agency=a) for a in agencies}
    for official in rng.sample([p for group in people.values() for p in group], 3):
        official.left_on, official.is_active = rng.choice([(today, True), (None, False)])
        official.save()
    for _ in range(25):
        agency = rng.choice(agencies)
        departure = D(2027, 1, 1) + dt.timedelta(days=rng.randint(-20, 360))
        others = rng.sample(people[rng.choice(agencies).pk], 1)  # sometimes another agency's
        TripFactory(
            agency=agency,
            status=rng.choice(["approved", "completed", "completed", "submitted", "cancelled"]),
            departure_date=departure,
            return_date=departure + dt.timedelta(days=rng.randint(0, 20)),
            members=list({*rng.sample(people[agency.pk], 2), *others}),
        )
    ids, found = [a.pk for a in agencies], 0
    for least, share in ((1, 20), (2, 30), (3, 20)):
        config = PolicyConfig(agency_absence_min_people=least, agency_absence_share_percent=share)
        for start, end in ((D(2027, 1, 1), D(2027, 12, 31)), (D(2027, 3, 1), D(2027, 3, 31))):
            rule = agency_days_over_share(ids, start, end, config=config, today=today)
            assert days_over_share(ids, start, end, config=config, today=today) == rule
            found += sum(len(days) for _name, days in rule.values())
    assert found  # days over were there to find
    every = list(Agency.objects.values_list("pk", flat=True))  # None: the whole province
    config = PolicyConfig(agency_absence_min_people=1)
    year = (D(2027, 1, 1), D(2027, 12, 31))
    rule = agency_days_over_share(every, *year, config=config, today=today)
    assert rule and days_over_share(None, *year, config=config, today=today) == rule
