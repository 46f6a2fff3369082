"""AGENCY_ABSENCE_SHARE (POLICY.md, additions of 2026-12-06): counting, limits, who is counted,
the message, at its boundaries; then the facts step's one query on real rows."""

import datetime as dt

import pytest

from agencies.tests.factories import AgencyFactory, OfficialFactory
from trips import policy
from trips.models import TripRequest
from trips.policy import rules
from trips.policy.absence import AgencyAbsences, absence_limit, daily_counts, load_agency_absences
from trips.policy.config import PolicyConfig
from trips.policy.facts import MemberData, TripData
from trips.tests.factories import TripFactory
from trips.tests.facts_builder import facts, official, trip

D = dt.date
JUNE_8, JUNE_9 = D(2027, 6, 8), D(2027, 6, 9)
S = TripRequest.Status


def _absences(active, abroad, agency_id=1, name="Sở Ngoại vụ"):
    return {agency_id: AgencyAbsences(agency_id, name, active, tuple(abroad))}


@pytest.mark.parametrize(
    ("active", "percent", "minimum", "limit"),
    [
        (40, 20, 3, 8),  # POLICY.md's example
        (14, 20, 3, 3),  # floor(2.8) = 2 < the minimum
        (15, 20, 3, 3),  # floor(3.0) = 3 = the minimum
        (20, 20, 3, 4),
        (24, 20, 3, 4),  # floor(4.8): rounded down
        (0, 20, 3, 3),  # an agency without active officials still has the minimum
        (40, 10, 5, 5),
        (40, 50, 1, 20),
    ],
)
def test_the_limit_is_the_share_rounded_down_or_the_minimum(active, percent, minimum, limit):
    config = PolicyConfig(agency_absence_share_percent=percent, agency_absence_min_people=minimum)
    assert absence_limit(active, config) == limit


def _worked_example(extra_abroad=7):
    """40 active officials; `extra_abroad` of them on approved trips on 10–12 March; a request
    for 2 more on 11–15 March."""
    a, b = official(agency_id=1), official(agency_id=1)
    abroad = [(5000 + i, D(2027, 3, 10), D(2027, 3, 12)) for i in range(extra_abroad)]
    data = trip([a, b], start=D(2027, 3, 11), end=D(2027, 3, 15))
    return facts(data, [a, b], agency_absences=_absences(40, abroad)), (a, b)


def test_policy_md_s_worked_example():
    f, (a, b) = _worked_example()
    found = rules.AGENCY_ABSENCE_SHARE(f)
    assert [x.code for x in found] == ["AGENCY_ABSENCE_SHARE"]
    assert found[0].severity == "warn" and found[0].officials == (a.id, b.id)
    # Names the agency, the first busiest day (11 March, not 12), the count and the limit.
    assert found[0].message.startswith("Sở Ngoại vụ: ngày 11/03/2027 có 9 người")
    assert "vượt mức 8 người" in found[0].message and "40 cán bộ" in found[0].message
    assert found[0].basis.endswith("L8, L9")


@pytest.mark.parametrize(("abroad", "warned"), [(5, False), (6, False), (7, True)])
def test_at_the_limit_no_warning_one_more_a_warning(abroad, warned):
    # 6 abroad + 2 members = 8 = the limit; 7 + 2 = 9 is over.
    f, _ = _worked_example(extra_abroad=abroad)
    assert bool(rules.AGENCY_ABSENCE_SHARE(f)) is warned


@pytest.mark.parametrize(
    ("start", "end", "warned"),
    [
        (D(2027, 3, 13), D(2027, 3, 15), False),  # the day after theirs: no shared day
        (D(2027, 3, 12), D(2027, 3, 15), True),  # one shared day is enough
        (D(2027, 3, 1), D(2027, 3, 10), True),
        (D(2027, 3, 1), D(2027, 3, 9), False),
    ],
)
def test_one_shared_day_is_enough(start, end, warned):
    a, b = official(agency_id=1), official(agency_id=1)
    abroad = [(5000 + i, D(2027, 3, 10), D(2027, 3, 12)) for i in range(7)]
    f = facts(trip([a, b], start=start, end=end), [a, b], agency_absences=_absences(40, abroad))
    assert bool(rules.AGENCY_ABSENCE_SHARE(f)) is warned


def test_each_official_counts_once_a_day():
    # One official on two approved trips the same day, and a member also on an approved trip.
    a, b = official(agency_id=1), official(agency_id=1)
    abroad = [(7001, D(2027, 6, 7), D(2027, 6, 8)), (7001, D(2027, 6, 8), D(2027, 6, 9))]
    abroad += [(a.id, D(2027, 6, 7), D(2027, 6, 7)), (7002, D(2027, 6, 11), D(2027, 6, 11))]
    counts = daily_counts(abroad, D(2027, 6, 7), D(2027, 6, 11), [a.id, b.id])
    assert counts == {
        D(2027, 6, 7): 3,
        D(2027, 6, 8): 3,
        D(2027, 6, 9): 3,
        D(2027, 6, 10): 2,
        D(2027, 6, 11): 3,
    }
    f = facts(trip([a, b]), [a, b], agency_absences=_absences(10, abroad))
    assert rules.AGENCY_ABSENCE_SHARE(f) == []  # 3 = max(3, 2)


def test_the_members_of_another_agency_are_counted_in_their_own():
    a, b, c, d = (official(agency_id=1) for _ in range(4))
    x = official(agency_id=2)
    data = trip([a, b, c, d, x])
    absences = {**_absences(10, []), **_absences(10, [], agency_id=2, name="Sở Tư pháp")}
    found = rules.AGENCY_ABSENCE_SHARE(facts(data, [a, b, c, d, x], agency_absences=absences))
    assert len(found) == 1 and found[0].officials == (a.id, b.id, c.id, d.id)
    assert "4 người" in found[0].message and "Sở Tư pháp" not in found[0].message


def test_private_trips_too_and_the_thresholds_come_from_the_config():
    a = official(agency_id=1)
    abroad = [(8000 + i, D(2027, 6, 7), D(2027, 6, 7)) for i in range(2)]
    data = trip([a], kind="private")
    strict = PolicyConfig(agency_absence_min_people=2)
    assert rules.AGENCY_ABSENCE_SHARE(facts(data, [a], agency_absences=_absences(5, abroad))) == []
    found = rules.evaluate(facts(data, [a], agency_absences=_absences(5, abroad), config=strict))
    assert "AGENCY_ABSENCE_SHARE" in [x.code for x in found]
    off = PolicyConfig(agency_absence_min_people=2, disabled_rules={"AGENCY_ABSENCE_SHARE"})
    found = rules.evaluate(facts(data, [a], agency_absences=_absences(5, abroad), config=off))
    assert "AGENCY_ABSENCE_SHARE" not in [x.code for x in found]


# --- on real rows: who is counted --------------------------------------------------------


def _away(officials, status=S.APPROVED, kind="business", start=JUNE_8, end=JUNE_9):
    return TripFactory(
        agency=officials[0].agency,
        status=status,
        kind=kind,
        departure_date=start,
        return_date=end,
        members=officials,
    )


@pytest.mark.django_db
def test_the_facts_count_active_officials_on_approved_and_completed_trips():
    agency, other_agency = AgencyFactory(), AgencyFactory()
    people = OfficialFactory.create_batch(6, agency=agency)
    OfficialFactory.create_batch(2, agency=agency, is_active=False)  # not in the head count
    left = OfficialFactory(agency=agency, left_on=D(2027, 2, 1))  # left before the check day
    _away([people[0]])
    _away([people[1]], status=S.COMPLETED, kind="private")
    _away([people[2]], status=S.SUBMITTED)  # pending: not counted
    _away([people[3]], start=D(2027, 6, 12), end=D(2027, 6, 20))  # after the span
    _away([left])  # left the agency: not active
    _away([OfficialFactory(agency=other_agency)])
    own = _away([people[4]], status=S.DRAFT)

    found = load_agency_absences(
        [agency.id],
        D(2027, 6, 7),
        D(2027, 6, 11),
        today=D(2027, 3, 1),
        lookback_days=366,
        exclude_trip_id=own.id,
    )
    assert set(found) == {agency.id}
    assert found[agency.id].name == agency.name and found[agency.id].active == 6
    assert sorted(i for i, *_ in found[agency.id].abroad) == sorted([people[0].id, people[1].id])
    # The request's own row is left out (its members are counted as members).
    _away([people[5]], start=D(2027, 6, 7), end=D(2027, 6, 7))
    again = load_agency_absences(
        [agency.id], D(2027, 6, 7), D(2027, 6, 11), today=D(2027, 3, 1), lookback_days=366
    )
    assert len(again[agency.id].abroad) == 3


@pytest.mark.django_db
def test_the_check_warns_on_real_rows(django_assert_max_num_queries):
    agency = AgencyFactory(name="Sở Xây dựng")
    people = OfficialFactory.create_batch(15, agency=agency)  # limit max(3, 3) = 3
    _away(people[:2], start=D(2027, 6, 9), end=D(2027, 6, 9))
    data = TripData(
        kind="business",
        agency_id=agency.id,
        departure_date=D(2027, 6, 7),
        return_date=D(2027, 6, 11),
        members=[MemberData(people[2].id, True), MemberData(people[3].id)],
        countries=["JP"],
    )
    found = [f for f in policy.check(data, today=D(2027, 3, 1)) if f.code == "AGENCY_ABSENCE_SHARE"]
    assert len(found) == 1 and "Sở Xây dựng: ngày 09/06/2027 có 4 người" in found[0].message
    assert found[0].officials == (people[2].id, people[3].id)


@pytest.mark.parametrize("seed", range(5))
def test_the_daily_counts_are_the_plain_definitions_on_random_histories(seed):
    """Each day: the distinct officials whose trip covers it, the request's own members not
    among them, plus those members; overlapping, adjacent and repeated trips of one official
    counted once, trips beyond the span clipped."""
    import random

    rng = random.Random(seed)
    for _ in range(300):
        start = D(2027, 1, 1) + dt.timedelta(days=rng.randrange(60))
        end = start + dt.timedelta(days=rng.randrange(-2, 40))
        abroad = []
        for _ in range(rng.randrange(0, 60)):
            departure = D(2027, 1, 1) + dt.timedelta(days=rng.randrange(-30, 100))
            abroad.append(
                (rng.randrange(30), departure, departure + dt.timedelta(rng.randrange(20)))
            )
        extra = [rng.randrange(40) for _ in range(rng.randrange(4))]
        plain = {}
        day = start
        while day <= end:
            away = {o for o, dep, ret in abroad if dep <= day <= ret and o not in extra}
            plain[day] = len(away) + len(set(extra))
            day += dt.timedelta(days=1)
        assert daily_counts(abroad, start, end, extra) == plain
