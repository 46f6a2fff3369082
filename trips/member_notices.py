"""The notices to the staff of an open request whose member moved to another agency or left
the service or moves to another agency: on `core.signals.official_left` and
`official_transferred` (agencies.services; connected in trips/apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from agencies.models import LeavingReason
from core.formatting import format_date
from core.i18n import remembering_gettext
from core.notifications import notify
from trips.models import TripRequest

# gettext_noop: the sentence is translated when read (core.i18n).
TRANSFERRED = gettext_noop(
    "Hồ sơ “%(title)s”: %(name)s đã được điều chuyển sang %(to)s từ ngày %(day)s."
)
LEFT = gettext_noop("Hồ sơ “%(title)s”: %(name)s nghỉ công tác (%(reason)s) từ ngày %(day)s.")


def open_requests_including(official_id, agency_id):
    return (
        TripRequest.objects.filter(agency_id=agency_id, members__official_id=official_id)
        .exclude(status__in=TripRequest.CLOSED_STATUSES)
        .distinct()
        .order_by("departure_date", "id")
    )


def _staff_of(agency_id):
    return User.objects.filter(
        is_active=True, agency_id=agency_id, groups__name=Role.AGENCY_STAFF
    ).distinct()


def flag_requests(trips, official, sentence, params, agency_ids, event):
    """Tell the agencies' staff of each open request that includes the official. Only the
    request's own agency may open it: the other agency's staff get the text without a link.
    `sentence` (with its `params` and the request's title) is remembered, so the notice reads
    in each reader's language (core.i18n)."""
    for trip in trips:
        text = remembering_gettext(sentence) % {"title": trip.title, **params}
        for agency_id in agency_ids:
            own = agency_id == trip.agency_id
            notify(
                recipients=_staff_of(agency_id),
                event_key=f"trip-{trip.pk}-member-{official.pk}-{event}",
                subject=text,
                body=str(text),
                url=reverse("trips:detail", args=[trip.pk]) if own else "",
            )


def flag_requests_of_departed(sender, *, official, **kwargs):
    """An official left the service (agencies.services.official_leave): the staff of their
    agency's open requests that include them are told."""
    params = {
        "name": official.full_name,
        "reason": str(LeavingReason(official.leaving_reason).label),
        "day": format_date(official.left_on),
    }
    trips = open_requests_including(official.pk, official.agency_id)
    flag_requests(trips, official, LEFT, params, [official.agency_id], "left")


def flag_requests_of_transferred(sender, *, transfer, **kwargs):
    """An official moved to another agency (agencies.services.official_transfer): the open
    requests of the old agency that include them are flagged to both agencies."""
    official = transfer.official
    params = {
        "name": official.full_name,
        "to": transfer.to_agency.name,
        "day": format_date(transfer.effective_on),
    }
    trips = open_requests_including(official.pk, transfer.from_agency_id)
    agencies = [transfer.from_agency_id, transfer.to_agency_id]
    flag_requests(trips, official, TRANSFERRED, params, agencies, "transferred")
