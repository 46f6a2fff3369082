"""The absence calendar shades weekends and filters by agency, within the viewer's scope
(issue 15, item 10)."""

import pytest
from django.urls import reverse

from trips.tests.helpers import approved_trip

pytestmark = pytest.mark.django_db
URL = reverse("trips:calendar")
JUNE_2027 = {"year": 2027, "month": 6}


def test_weekends_are_shaded(client, staff_a, reviewer):
    client.force_login(reviewer)
    html = client.get(URL, JUNE_2027).content.decode()
    # June 2027: the 5th and 6th are a Saturday and a Sunday, the 7th a Monday.
    assert '<th class="text-center small absence-weekend">5</th>' in html
    assert '<th class="text-center small absence-weekend">6</th>' in html
    assert '<th class="text-center small">7</th>' in html


def test_reviewers_filter_by_agency(client, staff_a, staff_b, reviewer):
    trip_a = approved_trip(staff_a, reviewer)
    trip_b = approved_trip(staff_b, reviewer)
    name_a = trip_a.members.first().official.full_name
    name_b = trip_b.members.first().official.full_name
    client.force_login(reviewer)
    html = client.get(URL, JUNE_2027).content.decode()
    assert name_a in html and name_b in html and 'id="calendar-agency"' in html
    html = client.get(URL, {**JUNE_2027, "agency": staff_a.agency_id}).content.decode()
    assert name_a in html and name_b not in html
    assert client.get(URL, {**JUNE_2027, "agency": "x"}).status_code == 200


def test_staff_have_no_agency_filter_and_cannot_widen_their_scope(
    client, staff_a, staff_b, reviewer
):
    trip_b = approved_trip(staff_b, reviewer)
    client.force_login(staff_a)
    html = client.get(URL, {**JUNE_2027, "agency": staff_b.agency_id}).content.decode()
    assert 'id="calendar-agency"' not in html
    assert trip_b.members.first().official.full_name not in html


def test_days_an_agency_is_over_its_share_are_shaded(client, staff_a, staff_b, reviewer):
    """AGENCY_ABSENCE_SHARE on the calendar: agency A (5 officials, limit 3) has 4 abroad on
    9 June 2027 only; agency B with 1 abroad is never shaded."""
    import datetime as dt

    from django.utils import timezone

    from agencies.tests.factories import OfficialFactory
    from trips.models import TripRequest
    from trips.tests.factories import TripFactory

    people = OfficialFactory.create_batch(5, agency=staff_a.agency)
    for start, end, members in (
        (dt.date(2027, 6, 7), dt.date(2027, 6, 9), people[:2]),
        (dt.date(2027, 6, 9), dt.date(2027, 6, 9), people[2:4]),
        (dt.date(2027, 6, 1), dt.date(2027, 6, 1), people[4:]),
    ):
        TripFactory(
            agency=staff_a.agency,
            status=TripRequest.Status.APPROVED,
            departure_date=start,
            return_date=end,
            members=members,
            submitted_at=timezone.now(),  # what a reviewer's calendar reads
        )
    approved_trip(staff_b, reviewer, n=1)
    client.force_login(reviewer)
    html = client.get(URL, JUNE_2027).content.decode()
    # On the 9th: the 4 trip cells of A marked, and the empty cell of the fifth shaded.
    assert html.count("p-0 absence-over-share") == 4
    assert html.count('<td class="absence-over-share"') == 1
    client.force_login(staff_b)
    assert 'absence-over-share"' not in client.get(URL, JUNE_2027).content.decode()
