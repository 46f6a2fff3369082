"""What each user may see: the one place that scopes trip requests by agency and role."""

from django.db.models import Func, OuterRef, QuerySet, Subquery

from agencies.models import Official
from trips.models import TripMember, TripRequest


def trips_visible_to(user) -> QuerySet[TripRequest]:
    """Staff see their own agency's requests; reviewers see what was submitted to them
    (never drafts); custodians see approved trips; administrators see everything."""
    trips = TripRequest.objects.all()
    if not user.is_authenticated or not user.is_active:
        return trips.none()
    if user.is_administrator:
        return trips
    visible = trips.none()
    if user.is_agency_staff:
        visible = visible | trips.filter(agency_id=user.agency_id)
    if user.is_reviewer:
        visible = visible | trips.filter(submitted_at__isnull=False)
    if user.is_custodian:
        visible = visible | trips.filter(
            status__in=[TripRequest.Status.APPROVED, TripRequest.Status.COMPLETED]
        )
    return visible


def with_member_counts(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """Each request's number of members as a correlated subquery, not a Count() join: the
    join grouped every trip of the agency before the page was cut (a sort spilling to disk
    at 5 000 trips); the subquery runs only for the rows of the page."""
    members = (
        TripMember.objects.filter(trip=OuterRef("pk"))
        .order_by()
        .values(count=Func("pk", function="COUNT"))
    )
    return trips.annotate(member_count=Subquery(members))


def member_choices_for(user) -> QuerySet[Official]:
    """The officials a user may filter requests by: their own agency's for agency staff, the
    whole province's for reviewers, administrators and custodians."""
    officials = Official.objects.select_related("agency").order_by("full_name", "id")
    if user.is_agency_staff and not (user.is_reviewer or user.is_administrator):
        return officials.filter(agency_id=user.agency_id)
    return officials
