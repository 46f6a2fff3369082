"""What each role sees first: a few bounded lists, each one query whatever the row count."""

from django.db.models import Count

from passports import selectors as passport_selectors
from trips.models import TripRequest
from trips.selectors import trips_visible_to

LIST_SIZE = 20


def _trip_rows(trips):
    return trips.select_related("agency").annotate(member_count=Count("members"))


def home_sections(user) -> dict:
    visible = trips_visible_to(user)
    S = TripRequest.Status
    sections = {}
    if user.is_agency_staff:
        mine = visible.filter(agency_id=user.agency_id)
        sections["staff_action"] = _trip_rows(mine.filter(status__in=[S.DRAFT, S.RETURNED]))[
            :LIST_SIZE
        ]
        sections["staff_recent"] = _trip_rows(mine.order_by("-updated_at"))[:LIST_SIZE]
    if user.is_reviewer:
        sections["review_queue"] = _trip_rows(
            visible.filter(status=S.SUBMITTED).order_by("departure_date", "id")
        )[:LIST_SIZE]
    if user.is_custodian:
        # Due back soonest first: what the custodian has to chase.
        sections["passports_out"] = passport_selectors.out_now()[:LIST_SIZE]
    if user.is_administrator:
        counts = dict(TripRequest.objects.values_list("status").annotate(n=Count("id")).order_by())
        sections["status_counts"] = [(label, counts.get(value, 0)) for value, label in S.choices]
    sections["has_role"] = bool(sections)
    return sections
