"""Copy a request into a new draft (issue 15, item 5): a delegation that goes again, or a
request withdrawn or refused and filed anew, starts from what was already written.

What is copied: kind, title, purpose, destinations, inviter and organiser, funding and
commitment, the cost estimate, the plan line, and the members with their head (those still
serving in the agency). What is not: the status and its history, the decision, the
justifications (they answered the old facts), the documents (an invitation is for one trip),
the report. The dates stay when they are still ahead; past dates move forward by whole years of
52 weeks, keeping the weekdays, so that the draft can be saved — its author sets the real ones.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Official
from trips import services
from trips.exceptions import TripError
from trips.models import TripRequest, TripTransition
from trips.policy.facts import MemberData

COPIED_FIELDS = [name for name in services.EDITABLE_FIELDS if name != "justifications"]
YEAR_OF_WEEKS = dt.timedelta(weeks=52)


def _dates_ahead(departure: dt.date, return_: dt.date, today: dt.date):
    while departure <= today:
        departure, return_ = departure + YEAR_OF_WEEKS, return_ + YEAR_OF_WEEKS
    return departure, return_


def trip_copy_to_draft(*, trip: TripRequest, actor, today=None) -> TripRequest:
    """A new draft of `actor`'s agency from `trip`, with a history row naming the original.

    The draft is made by `services.trip_save_draft` (the same checks as the form); members
    who left the agency since are not copied, and a request with none left cannot be."""
    today = today or timezone.localdate()
    if trip.agency_id != actor.agency_id:
        raise TripError(_("Chỉ cán bộ của cơ quan lập hồ sơ mới sao chép được hồ sơ này."))
    fields = {name: getattr(trip, name) for name in COPIED_FIELDS}
    fields["departure_date"], fields["return_date"] = _dates_ahead(
        trip.departure_date, trip.return_date, today
    )
    if fields["departure_date"] != trip.departure_date:
        fields["plan_line"] = None  # a line of that year's plan, not of the new one
    serving = set(
        Official.objects.filter(agency_id=trip.agency_id, is_active=True).values_list(
            "id", flat=True
        )
    )
    memberships = [m for m in trip.members.all() if m.official_id in serving]
    if not memberships:
        raise TripError(_("Không còn thành viên nào của hồ sơ này đang công tác tại cơ quan."))
    members = [MemberData(m.official_id, m.is_head) for m in memberships]
    if sum(m.is_head for m in members) != 1:  # the head left: the first member stands in
        members = [MemberData(m.official_id, i == 0) for i, m in enumerate(members)]
    with transaction.atomic():
        copy = services.trip_save_draft(actor=actor, fields=fields, members=members)
        TripTransition.objects.create(
            trip=copy,
            from_status=copy.status,
            to_status=copy.status,
            actor=actor,
            note=_("Sao chép từ hồ sơ “%(title)s” (số %(id)s).")
            % {"title": trip.title, "id": trip.pk},
        )
    return copy
