"""Lists at a province's scale: the filter bar never lists every official, and the member
count is worked out for the page's rows only (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.tests.factories import AgencyFactory, OfficialFactory
from conftest import ON_POSTGRES
from trips.models import TripRequest
from trips.paging import PAGE_SIZE
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
S = TripRequest.Status


def measure(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(response.content), len(queries), response.content.decode()


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [("trips:queue", "reviewer"), ("trips:list", "reviewer"), ("trips:list", "staff_a")],
)
def test_the_filter_bar_does_not_grow_with_the_officials(
    client, request, staff_a, url_name, persona
):
    client.force_login(request.getfixturevalue(persona))
    chosen = OfficialFactory(agency=staff_a.agency, full_name="Nguyễn Thị Được Chọn")
    TripFactory(agency=staff_a.agency, status=S.SUBMITTED, members=[chosen])
    other = AgencyFactory()
    url = reverse(url_name)
    size, queries, _ = measure(client, url)
    OfficialFactory.create_batch(300, agency=staff_a.agency)
    OfficialFactory.create_batch(10, agency=other)
    assert measure(client, url)[:2] == (size, queries)
    # The chosen member still shows in the filter, and filters.
    _, _, html = measure(client, url, {"member": chosen.pk})
    # Named with the agency, as the search answers it: namesakes told apart.
    label = f"Nguyễn Thị Được Chọn ({staff_a.agency.name})"
    assert f'<option value="{chosen.pk}" selected>{label}</option>' in html


def test_the_officials_search_answers_a_few_names_in_scope(client, staff_a, staff_b, reviewer):
    OfficialFactory.create_batch(25, agency=staff_a.agency, full_name="Trần Văn Lan")
    OfficialFactory(agency=staff_b.agency, full_name="Lê Thị Lan")
    OfficialFactory(agency=staff_a.agency, full_name="Phạm Minh")
    url = reverse("trips:officials")
    client.force_login(reviewer)
    found = client.get(url, {"q": "lan"}).json()
    assert len(found) == 20 and found[0]["text"].startswith("Lê Thị Lan")
    client.force_login(staff_b)  # staff: their own agency only
    assert [o["text"] for o in client.get(url, {"q": "Lan"}).json()] == [
        f"Lê Thị Lan ({staff_b.agency.name})"
    ]
    assert client.post(url).status_code == 405
    client.logout()
    assert client.get(url).status_code == 302


def test_member_counts_are_worked_out_for_the_page_only(client, staff_a):
    people = OfficialFactory.create_batch(3, agency=staff_a.agency)
    for _ in range(PAGE_SIZE + 5):
        TripFactory(agency=staff_a.agency, members=people)
    client.force_login(staff_a)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("trips:list")).content.decode()
    (rows,) = [
        q["sql"]
        for q in queries
        if "LIMIT" in q["sql"] and "trips_triprequest" in q["sql"] and "COUNT(*)" not in q["sql"]
    ]
    assert "GROUP BY" not in rows  # no grouping of every trip of the agency before the page
    assert html.count('<td class="text-end" data-label="Số người">3</td>') == PAGE_SIZE
    if ON_POSTGRES:  # the count runs once per row of the page (and the row that tells whether
        # there is a next one), not for the agency's history
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {rows}".replace("%", "%%"), [])
            plan = cursor.fetchone()[0][0]["Plan"]
        assert [n["Actual Loops"] for n in nodes(plan) if n.get("Subplan Name")] == [PAGE_SIZE + 1]


def nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)
