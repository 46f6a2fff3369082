"""What a feed holds, and the feed behind a secret address."""

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from calendars.models import CalendarFeed
from calendars.services import scopes_for
from documents.models import IssuedDocument
from trips.models import TripMember, TripRequest

S = TripRequest.Status
# Approved trips and those done; a cancelled one stays, marked cancelled, so that calendar
# programs drop the event they already have.
FEED_STATUSES = (S.APPROVED, S.COMPLETED, S.CANCELLED)
PAST_DAYS = 400  # a year back: what a calendar program is still asked about


def feed_url(request, feed: CalendarFeed) -> str:
    """The secret address, absolute: what a calendar program subscribes to."""
    return request.build_absolute_uri(reverse("calendars:feed", args=[feed.token]))


def live_feed(token: str) -> CalendarFeed | None:
    """The feed behind `token` if it is not revoked and its owner may still read that scope."""
    feed = (
        CalendarFeed.objects.select_related("user", "user__agency")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None or feed.scope not in scopes_for(feed.user):
        return None
    return feed


def feed_trips(feed: CalendarFeed, today: dt.date | None = None) -> QuerySet[TripRequest]:
    """The feed's trips with their members, decision number and number of status changes
    (the event's SEQUENCE): four queries whatever their number."""
    today = today or timezone.localdate()
    trips = TripRequest.objects.filter(
        status__in=FEED_STATUSES, return_date__gte=today - dt.timedelta(days=PAST_DAYS)
    )
    if feed.scope == CalendarFeed.Scope.AGENCY:
        trips = trips.filter(agency_id=feed.user.agency_id)
    else:
        leaders = TripMember.objects.filter(official__is_key_leader=True)
        trips = trips.filter(pk__in=leaders.values("trip_id"))
    decision = IssuedDocument.objects.filter(
        trip_id=OuterRef("pk"), kind=IssuedDocument.Kind.DECISION
    ).order_by("-created_at", "-id")
    members = TripMember.objects.select_related("official").order_by("-is_head", "id")
    return (
        trips.select_related("agency")
        .annotate(
            decision_symbol=Subquery(decision.values("symbol")[:1]),
            changes=Count("history", distinct=True),
        )
        .prefetch_related(Prefetch("members", queryset=members))
        .order_by("departure_date", "id")
    )
