"""What each user may see: the one place that scopes trip requests by agency and role."""

from django.db.models import QuerySet

from trips.models import TripRequest


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
