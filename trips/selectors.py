"""What each user may see and use: the one place that scopes by agency and role.

Every view, form, filter and serializer that takes an id from a request looks it up in one
of these, never in `Model.objects`: an id outside the caller's scope is then simply not
found (404, or a field error that says no more than "not found").
"""

from django.db.models import Exists, Func, OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agencies.models import Agency, Official
from plans import selectors as plans_selectors
from trips.models import TripMember, TripRequest, TripTransition


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def sees_every_agency(user) -> bool:
    """The Department (reviewers), the custodians and the administrators work province-wide."""
    return _signed_in(user) and (
        user.is_administrator or user.is_reviewer or user.is_decider or user.is_custodian
    )


def trips_visible_to(user) -> QuerySet[TripRequest]:
    """Staff see their own agency's requests; reviewers see what was submitted to them
    (never drafts); custodians see approved trips; administrators see everything."""
    trips = TripRequest.objects.all()
    if not _signed_in(user):
        return trips.none()
    if user.is_administrator:
        return trips
    visible = trips.none()
    if user.is_agency_staff or user.is_agency_head:
        visible = visible | trips.filter(agency_id=user.agency_id)
    if user.is_reviewer or user.is_decider:
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


def list_rows(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """A list page's rows: the agency joined, the members counted per row."""
    return with_member_counts(trips.select_related("agency"))


def returned_with_reason(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """Requests sent back for changes, each with the reviewer's reason (`return_reason`, the
    note of its latest return) as a correlated subquery: one query for the list."""
    reason = (
        TripTransition.objects.filter(trip=OuterRef("pk"), to_status=TripRequest.Status.RETURNED)
        .order_by("-at", "-id")
        .values("note")[:1]
    )
    return trips.filter(status=TripRequest.Status.RETURNED).annotate(return_reason=Subquery(reason))


def _proposal_waits() -> Exists:
    """The request's chain waits for its head's signature of the proposal: correlated, so a
    page keeps reading its index in order (a NOT IN made PostgreSQL sort every submitted
    request). The chain's steps by their related model: the chain's app sits above this one."""
    steps = TripRequest._meta.get_field("chain_steps").related_model.objects
    return Exists(steps.filter(trip=OuterRef("pk"), status="active", action="propose"))


def awaiting_proposal(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """Submitted requests whose proposal (Tờ trình) the agency's head has not signed yet
    (issue 23): what the agency's staff see as "chờ Thủ trưởng ký Tờ trình"."""
    return trips.filter(_proposal_waits(), status=TripRequest.Status.SUBMITTED)


def submitted_for_appraisal(trips: QuerySet[TripRequest]) -> QuerySet[TripRequest]:
    """Submitted requests the Department can work on: the proposal signed (or none asked)."""
    return trips.filter(~_proposal_waits(), status=TripRequest.Status.SUBMITTED)


def trip_visible_or_404(user, pk) -> TripRequest:
    """The request if this user may see it; 404 otherwise (never reveal that it exists)."""
    return get_object_or_404(
        trips_visible_to(user).select_related("agency", "created_by", "plan_line"), pk=pk
    )


def member_choices_for(user) -> QuerySet[Official]:
    """The officials a user may filter requests by, named with their agency."""
    return officials_visible_to(user).select_related("agency").order_by("full_name", "id")


def agencies_in_scope_of(user) -> QuerySet[Agency]:
    """The agencies whose records (officials, trips, plans) the user may look through: every
    one province-wide, their own for agency staff. (Agencies themselves are public.)"""
    agencies = Agency.objects.all()
    if not _signed_in(user):
        return agencies.none()
    if sees_every_agency(user):
        return agencies
    if user.is_agency_staff:
        return agencies.filter(pk=user.agency_id)
    return agencies.none()


def officials_visible_to(user) -> QuerySet[Official]:
    """Province-wide roles see every official; agency staff their own agency's."""
    officials = Official.objects.all()
    if not _signed_in(user):
        return officials.none()
    if sees_every_agency(user):
        return officials
    if user.is_agency_staff:
        return officials.filter(agency_id=user.agency_id)
    return officials.none()


def officials_usable_by(user) -> QuerySet[Official]:
    """Whom the user may name on a request of their agency: its officials still in service
    (whatever else the user may read)."""
    if not (_signed_in(user) and user.is_agency_staff):
        return Official.objects.none()
    # Someone whose leaving day has come is out even before the sweep marks them inactive.
    return Official.objects.filter(agency_id=user.agency_id, is_active=True).exclude(
        left_on__lte=timezone.localdate()
    )


def plan_lines_usable_by(user) -> QuerySet:
    """The plan lines a request of the user's agency may follow (plans sit below trips)."""
    return plans_selectors.plan_lines_usable_by(user)
