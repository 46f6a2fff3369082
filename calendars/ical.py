"""The feed as RFC 5545 text, written with the `icalendar` library.

Each trip is one all-day event whose UID never changes; SEQUENCE counts the trip's status
changes and LAST-MODIFIED is its last save, so a calendar program replaces the event it has
when the trip changes, and drops it when the trip is cancelled (STATUS:CANCELLED).
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from calendars.models import CalendarFeed

PRODUCT = "-//travelmgmt//Lich di nuoc ngoai//VI"


def trip_uid(trip) -> str:
    # Never changes for a trip: a calendar program updates the event it already has.
    return f"trip-{trip.pk}@travelmgmt"


def trip_event(trip, now: dt.datetime) -> Event:
    names = [m.official.full_name for m in trip.members.all()]
    countries = ", ".join(str(c.name) for c in trip.countries)
    event = Event()
    event.add("uid", trip_uid(trip))
    event.add("dtstamp", now)
    event.add("last-modified", trip.updated_at)
    event.add("sequence", trip.changes)
    # All-day: DTEND is the day after the last day (RFC 5545 3.6.1).
    event.add("dtstart", trip.departure_date)
    event.add("dtend", trip.return_date + dt.timedelta(days=1))
    event.add("summary", f"{trip.agency.name}: {', '.join(names)} ({countries})")
    lines = [
        trip.title,
        _("Thành viên: %(names)s") % {"names": ", ".join(names)},
        _("Quốc gia: %(countries)s") % {"countries": countries},
    ]
    if trip.decision_symbol:
        lines.append(_("Quyết định số %(number)s") % {"number": trip.decision_symbol})
    event.add("description", "\n".join(lines))
    event.add("location", countries)
    event.add("transp", "TRANSPARENT")  # an absence to see, not a meeting that blocks time
    cancelled = trip.status == trip.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def feed_calendar(feed: CalendarFeed, trips) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{settings.ORGANISATION_NAME}: {feed.get_scope_display()}")
    now = timezone.now()
    for trip in trips:
        calendar.add_component(trip_event(trip, now))
    return calendar.to_ical()
