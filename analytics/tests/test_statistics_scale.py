"""Statistics at a province's scale: grouped in SQL, the same queries for 1 and 60 agencies
with officials near their limits, cached per scope until something they count changes, the
near-limit table paged."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.tests.factories import AgencyFactory, OfficialFactory
from analytics import views
from analytics.statistics import officials_near_limits
from reports.models import PostTripReport
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
D = dt.date
SUBMITTED = dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC)  # reviewers see what was submitted


def _agency_at_its_limits(private_days=10):
    """An agency with two officials at the business quota and one on a long private trip."""
    agency = AgencyFactory()
    people = OfficialFactory.create_batch(2, agency=agency)
    for month in (3, 9):
        trip = TripFactory(
            agency=agency,
            status="completed",
            departure_date=D(2027, month, 1),
            return_date=D(2027, month, 3),
            members=people,
            justifications={"X": "lý do"},
            submitted_at=SUBMITTED,
        )
        PostTripReport.objects.create(trip=trip, due_on=D(2027, month, 12), status="submitted")
    TripFactory(
        agency=agency,
        kind="private",
        status="approved",
        departure_date=D(2027, 8, 2),  # a Monday: 10 working days over two weeks
        return_date=D(2027, 8, 2) + dt.timedelta(days=private_days + 3),
        members=[OfficialFactory(agency=agency, service_start_date=D(2025, 1, 1))],
        submitted_at=SUBMITTED,
    )
    return agency


def _view(client, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("analytics:statistics"), {"year": 2027, **params})
    assert response.status_code == 200
    return response, len(queries)


def test_queries_and_page_do_not_grow_with_the_province(
    client, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    _agency_at_its_limits()
    small, one = _view(client)
    with django_capture_on_commit_callbacks(execute=True):  # committed: the figures move
        for _ in range(29):
            _agency_at_its_limits()
    medium, thirty = _view(client)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(30):
            _agency_at_its_limits()
    large, sixty = _view(client)
    assert sixty == thirty == one
    assert large.context["figures_page"].paginator.count == 60
    assert len(large.context["figure_rows"]) == views.FIGURES_PER_PAGE
    html = large.content.decode()
    trips_chart = html[html.index("<svg") : html.index("</svg>")]
    assert trips_chart.count("<rect ") == views.CHART_BARS
    assert large.context["near_limits"].paginator.count == 180  # 3 per agency
    assert len(list(large.context["near_limits"])) == views.NEAR_LIMITS_PER_PAGE
    # Past a page of agencies the page stops growing (500 agencies drawn whole were 442 KB):
    # only the counts' digits and the names differ.
    assert len(small.content) < len(medium.content) < 200_000
    assert abs(len(large.content) - len(medium.content)) < 1_000


def test_the_figures_table_is_paged_and_the_charts_draw_the_largest(
    client, reviewer, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(views, "FIGURES_PER_PAGE", 2)
    monkeypatch.setattr(views, "CHART_BARS", 2)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        agencies = [_agency_at_its_limits() for _ in range(3)]
        busiest = agencies[1]  # one trip more than the others' three
        TripFactory(agency=busiest, status="submitted", submitted_at=SUBMITTED,
                    departure_date=D(2027, 5, 3), return_date=D(2027, 5, 5))  # fmt: skip
    first, _ = _view(client)
    second, _ = _view(client, agencies_page=2)
    names = sorted(a.name for a in agencies)
    assert [row["agency"] for row in first.context["figure_rows"]] == names[:2]
    assert [row["agency"] for row in second.context["figure_rows"]] == names[2:]
    html = first.content.decode()
    assert "Cơ quan 1–2 trong 3" in html and "agencies_page=2" in html
    trips_chart = html[html.index("<svg") : html.index("</svg>")]
    drawn = [a.name for a in agencies if f">{a.name}</text>" in trips_chart]
    assert busiest.name in drawn and len(drawn) == 2  # the largest first, the third left out
    assert "Và 1 cơ quan khác: 3." in html  # the third's three trips
    # Each page its own cached fragment: the second page is not the first's rows again.
    again, _ = _view(client, agencies_page=2)
    html = again.content.decode()
    table = html[html.index('id="figures"') : html.index("</table>", html.index('id="figures"'))]
    assert f"<td>{names[2]}</td>" in table and f"<td>{names[0]}</td>" not in table


def test_figures_are_grouped_in_sql(reviewer):
    from analytics.statistics import agency_figures
    from trips.models import TripRequest

    agency = _agency_at_its_limits()
    [f] = agency_figures(TripRequest.objects.filter(departure_date__year=2027))
    assert (f.trips, f.approved, f.by_kind["business"], f.by_kind["private"]) == (3, 3, 2, 1)
    # 2 people × 3 days × 2 trips + 1 person × 14 days.
    assert (f.people_sent, f.days_abroad, f.warnings_justified) == (3, 26, 2)
    assert (f.reports_on_time, f.countries["JP"]) == (2, 3)
    assert agency.name == f.agency


def test_private_days_are_working_days_not_calendar_days(reviewer):
    agency = AgencyFactory()
    over, under = OfficialFactory.create_batch(2, agency=agency, service_start_date=D(2025, 1, 1))
    # Monday 2 to Friday 13 August 2027: 10 working days of 12, at 80 %.
    TripFactory(agency=agency, kind="private", status="approved", members=[over],
                departure_date=D(2027, 8, 2), return_date=D(2027, 8, 13))  # fmt: skip
    # Saturday 7 to Tuesday 17 August: 11 calendar days (past SQL's first cut) but 7 working.
    TripFactory(agency=agency, kind="private", status="approved", members=[under],
                departure_date=D(2027, 8, 7), return_date=D(2027, 8, 17))  # fmt: skip
    rows = officials_near_limits(2027)
    assert [(r.official_id, r.private_working_days, r.leave_entitlement) for r in rows] == [
        (over.pk, 10, over.leave_entitlement(2027))
    ]


def test_cached_until_something_counted_changes(
    client, reviewer, staff_a, django_capture_on_commit_callbacks
):
    client.force_login(reviewer)
    agency = _agency_at_its_limits()
    _, cold = _view(client)
    again, warm = _view(client)
    assert warm < cold and again.context["figures"][0].trips == 3
    with django_capture_on_commit_callbacks() as at_commit:
        TripFactory(
            agency=agency, status="submitted", submitted_at=dt.datetime(2027, 5, 1, tzinfo=dt.UTC)
        )
        # Not yet committed: a view now must not keep the figures without it as the new ones
        # (it would, for the cache's TTL, had the generation moved at the save).
        before_commit, _ = _view(client)
        assert before_commit.context["figures"][0].trips == 3
    assert [hook.__name__ for hook in at_commit].count("_next_generation") >= 1
    for hook in at_commit:
        hook()
    after, _ = _view(client)
    assert after.context["figures"][0].trips == 4
    # An agency's staff never get the province's cached figures.
    client.force_login(staff_a)
    own, _ = _view(client)
    assert [f.agency for f in own.context["figures"]] == []


def test_the_near_limit_table_is_paged(client, reviewer, monkeypatch):
    monkeypatch.setattr(views, "NEAR_LIMITS_PER_PAGE", 2)
    client.force_login(reviewer)
    _agency_at_its_limits()
    first, _ = _view(client)
    second, _ = _view(client, limits_page=2)
    names = [r.full_name for r in first.context["near_limits"]]
    rest = [r.full_name for r in second.context["near_limits"]]
    assert len(names) == 2 and len(rest) == 1 and not set(names) & set(rest)
    assert "limits_page=2" in first.content.decode()
    assert _view(client, limits_page="x")[0].context["near_limits"].number == 1


def test_the_years_memberships_are_a_bounded_range_of_the_trips_index():
    """A year's near-limit figures read the trips departed within the lookback before it
    (no trip is longer), not every year on record; an official's trips counted once each."""
    from analytics.statistics import _candidates, _memberships

    sql = str(_memberships(2027, None).query)
    assert '"departure_date" >= 2025-12-31' in sql and '"departure_date" <= 2027-12-31' in sql
    assert "DISTINCT" not in str(_candidates(2027, None, 0.8, 2).query)


def test_the_near_limit_page_follows_its_agency_and_the_quota_in_force(settings):
    from analytics.summary_figures import NearLimits, as_rows, near_limits

    first, second = _agency_at_its_limits(), _agency_at_its_limits()
    page = NearLimits(2027, second.pk)
    assert page.count() == 3 and {r.agency for r in as_rows(page[0:25])} == {second.name}
    assert as_rows(page[0:25]) == as_rows(near_limits(2027, second.pk))
    # A province's own quota of three: the two trips of each official are no longer at it;
    # the compiled SQL is the quota's own, not the one compiled first.
    settings.TRAVEL_POLICY = {"MAX_BUSINESS_TRIPS_PER_YEAR": "3"}
    assert [r.business_limit for r in as_rows(NearLimits(2027, first.pk)[0:25])] == [3]
