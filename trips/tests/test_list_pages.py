"""The reviewers' queue and the trip list cost the same whatever the history (issue 17): pages
are sought from an index by (departure date, id), never counted or skipped over, the total is
counted up to a cap, and the agency filter sends only the chosen agency."""

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qsl

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.tests.factories import AgencyFactory
from trips import paging
from trips.models import TripRequest
from trips.paging import PAGE_SIZE, Cursor
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
S = TripRequest.Status
SUBMITTED_AT = "2027-01-04T08:00:00+07:00"


def waiting(agency, count, **fields):
    """`count` submitted requests, three a day from 1 March 2027: ties on the date."""
    return [
        TripFactory(
            agency=agency,
            status=S.SUBMITTED,
            submitted_at=SUBMITTED_AT,
            departure_date=dt.date(2027, 3, 1) + dt.timedelta(days=index // 3),
            return_date=dt.date(2027, 3, 10) + dt.timedelta(days=index // 3),
            **fields,
        )
        for index in range(count)
    ]


def get(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), list(queries)


def titles(html):
    return re.findall(r'<td class="app-title-cell"><a href="[^"]*">([^<]*)</a>', html)


def link(html, text):
    """The query of the pagination link named `text`, or None."""
    found = re.search(rf'<a class="page-link"[^>]*href="\?([^"]*)">{text}</a>', html)
    return dict(parse_qsl(unescape(found.group(1)))) if found else None


def walk(client, url, params, *, towards):
    """Every title met following the `towards` links from the page of `params`."""
    seen, pages = [], 0
    while params is not None:
        html, _ = get(client, url, params)
        seen.append(titles(html))
        params, pages = link(html, towards), pages + 1
        assert pages < 20
    return seen


@pytest.mark.parametrize(
    ("url_name", "persona", "newest_first"),
    [("trips:queue", "reviewer", False), ("trips:list", "staff_a", True)],
)
def test_pages_follow_each_other_both_ways(
    client, request, staff_a, url_name, persona, newest_first
):
    trips = waiting(staff_a.agency, 2 * PAGE_SIZE + 7, kind="business")
    TripFactory(
        agency=staff_a.agency, status=S.SUBMITTED, submitted_at=SUBMITTED_AT, kind="private"
    )
    expected = [
        t.title for t in sorted(trips, key=lambda t: (t.departure_date, t.pk), reverse=newest_first)
    ]
    client.force_login(request.getfixturevalue(persona))
    url, params = reverse(url_name), {"kind": "business"}  # the filters carry over the pages
    forward = walk(client, url, params, towards="Trang sau")
    assert [len(page) for page in forward] == [PAGE_SIZE, PAGE_SIZE, 7]
    assert [title for page in forward for title in page] == expected
    html, _ = get(client, url, link(get(client, url, params)[0], "Trang sau"))
    last = link(get(client, url, link(html, "Trang sau"))[0], "Trang trước")
    assert last["kind"] == "business" and "after" not in last
    backward = walk(client, url, last, towards="Trang trước")
    assert [title for page in reversed(backward) for title in page] == expected[: 2 * PAGE_SIZE]
    assert link(html, "Trang đầu") == {"kind": "business"}


def test_an_unreadable_cursor_is_the_first_page(client, staff_a, reviewer):
    waiting(staff_a.agency, 3)
    client.force_login(reviewer)
    first, _ = get(client, reverse("trips:queue"))
    for junk in ["x", "2027-13-01.5", "2027-03-01.", "2027-03-01.1e3"]:
        assert titles(get(client, reverse("trips:queue"), {"after": junk})[0]) == titles(first)
    assert Cursor.parse("2027-03-01.12") == Cursor(dt.date(2027, 3, 1), 12)


def test_the_total_is_counted_up_to_a_cap(client, staff_a, reviewer, monkeypatch):
    waiting(staff_a.agency, 5)
    client.force_login(reviewer)
    assert "5 hồ sơ" in get(client, reverse("trips:queue"))[0]
    monkeypatch.setattr(paging, "COUNT_CAP", 3)
    html, queries = get(client, reverse("trips:queue"))
    assert "Hơn 3 hồ sơ" in html
    (count,) = [
        q["sql"] for q in queries if "COUNT(*)" in q["sql"] and "trips_triprequest" in q["sql"]
    ]
    assert "LIMIT 4" in count


@pytest.mark.parametrize(
    ("url_name", "persona"), [("trips:queue", "reviewer"), ("trips:list", "staff_a")]
)
def test_the_same_queries_for_one_row_and_for_pages(client, request, staff_a, url_name, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse(url_name)
    waiting(staff_a.agency, 1)
    _, one = get(client, url)
    waiting(staff_a.agency, 3 * PAGE_SIZE)
    html, many = get(client, url)
    assert len(titles(html)) == PAGE_SIZE
    _, next_page = get(client, url, link(html, "Trang sau"))
    # Session, user, roles, the page's rows, its capped count, the unread notices, the session
    # saved (its inactivity timeout): the same few whatever the number of rows.
    assert len(one) == len(many) == len(next_page)
    for query in [q["sql"] for q in many + next_page if "trips_triprequest" in q["sql"]]:
        assert "OFFSET" not in query
        # The list is counted only up to a cap: COUNT(*) over a LIMITed subquery.
        if query.startswith("SELECT COUNT(*)"):
            assert re.search(r"LIMIT \d+\) subquery$", query), query
        else:
            assert re.search(r"ORDER BY .* LIMIT 26$", query), query


def test_the_agency_filter_sends_only_the_chosen_agency(client, staff_a, reviewer):
    waiting(staff_a.agency, 1)
    client.force_login(reviewer)
    url = reverse("trips:queue")
    size = len(get(client, url)[0])
    AgencyFactory.create_batch(50, name="Ủy ban nhân dân xã")
    assert len(get(client, url)[0]) == size
    html, _ = get(client, url, {"agency": staff_a.agency.pk, "country": "JP"})
    assert f'<option value="{staff_a.agency.pk}" selected>{staff_a.agency.name}</option>' in html
    assert 'data-search-url="/ho-so/co-quan/"' in html
    assert '<option value="JP" selected>Nhật Bản</option>' in html
    assert get(client, url, {"agency": AgencyFactory().pk})[0].count("app-title-cell") == 0


def test_the_agency_search_answers_a_few_agencies_in_scope(client, staff_a, staff_b, reviewer):
    AgencyFactory.create_batch(25, name="Ủy ban nhân dân phường")
    url = reverse("trips:agencies")
    client.force_login(reviewer)
    found = client.get(url, {"q": "phường"}).json()
    assert len(found) == 20 and found[0]["text"] == "Ủy ban nhân dân phường"
    client.force_login(staff_b)  # staff: their own agency only
    assert client.get(url).json() == [{"value": staff_b.agency.pk, "text": staff_b.agency.name}]
    assert client.post(url).status_code == 405
    client.logout()
    assert client.get(url).status_code == 302


@pytest.fixture
def province(db):
    """10 000 trips of 10 agencies, one in twenty-one waiting for review, analysed."""
    from benchmarks import policy_check

    policy_check.fill(officials=1_000, trips=10_000, agencies=10, verbose=False)
    with connection.cursor() as cursor:
        # The fill writes no submission dates; every request it makes went through one.
        cursor.execute("UPDATE trips_triprequest SET submitted_at = created_at")
        # A province's queue is a sliver of its history. With the fill's seventh waiting,
        # whether PostgreSQL counted them from the index or read the table turned on the
        # visibility map an earlier test left: a coin toss, not a finding.
        cursor.execute(
            "UPDATE trips_triprequest SET status = 'approved' WHERE status = 'submitted' AND id % 3 <> 0"
        )
        cursor.execute("ANALYZE trips_triprequest")
    return AgencyFactory._meta.model.objects.filter(code="bench-1").get()


def plans(queries) -> str:
    text = []
    with connection.cursor() as cursor:
        for sql in [q["sql"] for q in queries if "trips_triprequest" in q["sql"]]:
            cursor.execute(f"EXPLAIN {sql}".replace("%", "%%"), [])
            text += [row[0] for row in cursor.fetchall()]
    return "\n".join(text)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("url_name", "persona", "params"),
    [
        ("trips:queue", "reviewer", {}),
        ("trips:queue", "reviewer", {"year": "2027"}),
        ("trips:queue", "reviewer", {"agency": "bench"}),
        ("trips:queue", "reviewer", {"after": "2020-01-01.1"}),
        ("trips:list", "staff", {}),
        ("trips:list", "staff", {"before": "2020-01-01.1"}),
    ],
)
def test_pages_read_trips_by_index_only(client, request, province, url_name, persona, params):
    from conftest import staff_of

    user = staff_of(province, username="bench-staff") if persona == "staff" else None
    client.force_login(user or request.getfixturevalue(persona))
    if params.get("agency"):
        params = {"agency": province.pk}
    html, queries = get(client, reverse(url_name), params)
    assert len(titles(html)) == PAGE_SIZE
    plan = plans(queries)
    assert "trips_triprequest" in plan and "Seq Scan on trips_triprequest" not in plan, plan
    # Read in the page's order, not sorted from every match (an Incremental Sort only breaks
    # the ties of an index read in date order).
    assert not re.search(r"^\s*(-> +)?Sort  \(", plan, re.MULTILINE), plan
