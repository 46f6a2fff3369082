"""iCalendar feeds (issue 27, item 11): per-user secret addresses per scope, each approved
trip an all-day event that keeps its UID when it changes or is cancelled; the output is
parsed back with `icalendar` (RFC 5545)."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar
from rest_framework.test import APIClient

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from calendars.models import CalendarFeed, CalendarFeedEvent
from calendars.services import feed_create
from documents.models import IssuedDocument
from trips.models import TripMember, TripRequest, TripTransition
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
S = TripRequest.Status
START = dt.date(2027, 3, 2)


def approved(agency, *, title="Đoàn xúc tiến tại Nhật Bản", key_leader=False, **fields):
    trip = TripFactory(
        agency=agency,
        title=title,
        status=S.APPROVED,
        departure_date=START,
        return_date=START + dt.timedelta(days=4),
        countries=["JP", "KR"],
        **fields,
    )
    head = OfficialFactory(agency=agency, full_name="Nguyễn Văn Ánh", is_key_leader=key_leader)
    TripMember.objects.create(trip=trip, official=head, is_head=True)
    TripMember.objects.create(
        trip=trip, official=OfficialFactory(agency=agency, full_name="Lê Thị Bình")
    )
    return trip


def events(client, feed) -> dict:
    response = client.get(reverse("calendars:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_an_agency_feed_has_its_approved_trips_as_all_day_events(client, staff_a, agency_b):
    trip = approved(staff_a.agency)
    IssuedDocument.objects.create(
        year=2027, issuer="UBND", number=12, symbol="12/QĐ-UBND", title="Cử đoàn",
        kind=IssuedDocument.Kind.DECISION, issued_on=START, signer="X", trip=trip,
        issued_by=staff_a,
    )  # fmt: skip
    TripFactory(agency=staff_a.agency, status=S.DRAFT, title="Dự thảo")
    approved(agency_b, title="Đoàn của cơ quan khác")
    feed = feed_create(user=staff_a, scope=CalendarFeed.Scope.AGENCY)
    found = events(client, feed)  # no sign-in: the address is the key
    assert list(found) == [f"trip-{trip.pk}@travelmgmt"]
    event = found[f"trip-{trip.pk}@travelmgmt"]
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + dt.timedelta(days=5)  # the day after the last
    assert "Nguyễn Văn Ánh, Lê Thị Bình" in str(event["SUMMARY"])
    assert "Nhật Bản" in str(event["SUMMARY"]) and "Hàn Quốc" in str(event["SUMMARY"])
    assert "Quyết định số 12/QĐ-UBND" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"


def test_a_change_or_cancellation_updates_the_same_event(client, staff_a):
    trip = approved(staff_a.agency)
    feed = feed_create(user=staff_a, scope=CalendarFeed.Scope.AGENCY)
    before = events(client, feed)[f"trip-{trip.pk}@travelmgmt"]
    TripTransition.objects.create(trip=trip, from_status=S.APPROVED, to_status=S.CANCELLED)
    trip.status = S.CANCELLED
    trip.save()
    after = events(client, feed)[f"trip-{trip.pk}@travelmgmt"]
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("LAST-MODIFIED") >= before.decoded("LAST-MODIFIED")


def test_the_key_leaders_feed_spans_agencies_for_reviewers_only(
    client, reviewer, staff_a, agency_b
):
    leader_trip = approved(agency_b, key_leader=True, title="Đoàn của lãnh đạo")
    approved(staff_a.agency, title="Đoàn không có lãnh đạo chủ chốt")
    feed = feed_create(user=reviewer, scope=CalendarFeed.Scope.KEY_LEADERS)
    assert list(events(client, feed)) == [f"trip-{leader_trip.pk}@travelmgmt"]
    client.force_login(staff_a)
    client.post(reverse("calendars:list"), {"scope": "key_leaders"})
    assert not staff_a.calendar_feeds.exists()


def test_a_revoked_address_or_a_lost_role_answers_404(client, staff_a):
    feed = feed_create(user=staff_a, scope=CalendarFeed.Scope.AGENCY)
    url = reverse("calendars:feed", args=[feed.token])
    assert client.get(url).status_code == 200
    staff_a.groups.clear()
    assert client.get(url).status_code == 404
    client.force_login(staff_a)
    assert client.get(reverse("calendars:feed", args=["not-a-token"])).status_code == 404


def test_the_page_creates_lists_and_revokes(client, staff_a, staff_b):
    client.force_login(staff_a)
    assert client.get(reverse("calendars:list")).status_code == 200
    client.post(reverse("calendars:list"), {"scope": "agency"})
    feed = staff_a.calendar_feeds.get()
    html = client.get(reverse("calendars:list")).content.decode()
    assert f"/lich/{feed.token}.ics" in html
    client.force_login(staff_b)  # another user's feed: not found
    assert client.post(reverse("calendars:revoke", args=[feed.pk])).status_code == 404
    client.force_login(staff_a)
    assert client.get(reverse("calendars:revoke", args=[feed.pk])).status_code == 405
    client.post(reverse("calendars:revoke", args=[feed.pk]))
    assert client.get(reverse("calendars:feed", args=[feed.token])).status_code == 404
    assert [e.action for e in CalendarFeedEvent.objects.filter(feed=feed)] == ["created", "revoked"]


def test_the_api_lists_creates_and_revokes_the_callers_feeds(staff_a, staff_b):
    api = APIClient()
    api.force_authenticate(staff_a)
    created = api.post("/api/v1/calendar-feeds/", {"scope": "agency"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "scope", "url", "created"}
    assert body["url"].startswith("http://testserver/lich/") and body["url"].endswith(".ics")
    assert api.post("/api/v1/calendar-feeds/", {"scope": "key_leaders"}).status_code == 403
    assert api.post("/api/v1/calendar-feeds/", {"scope": "everyone"}).status_code == 400
    assert [f["id"] for f in api.get("/api/v1/calendar-feeds/").json()["results"]] == [body["id"]]
    api.force_authenticate(staff_b)
    assert api.delete(f"/api/v1/calendar-feeds/{body['id']}/").status_code == 404
    api.force_authenticate(staff_a)
    assert api.delete(f"/api/v1/calendar-feeds/{body['id']}/").status_code == 204
    assert api.get("/api/v1/calendar-feeds/").json()["results"] == []
    assert APIClient().get(body["url"]).status_code == 404


def test_the_feed_costs_the_same_queries_for_one_trip_or_many(
    client, staff_a, django_assert_num_queries
):
    feed = feed_create(user=staff_a, scope=CalendarFeed.Scope.AGENCY)
    url = reverse("calendars:feed", args=[feed.token])
    approved(staff_a.agency)
    # the feed and its owner, the owner's roles, the trips (decision, changes), their members
    with django_assert_num_queries(4):
        client.get(url)
    for n in range(4):
        approved(staff_a.agency, title=f"Đoàn {n}")
    with django_assert_num_queries(4):
        assert len(events(client, feed)) == 5


def test_a_decider_may_subscribe_to_the_key_leaders(client):
    decider = UserFactory(roles=[Role.DECIDER])
    assert feed_create(user=decider, scope="key_leaders").scope == "key_leaders"
