"""Who sees which issued documents (STYLE.md: the one place that scopes them)."""

from django.db.models import Q, QuerySet

from documents.models import IssuedDocument
from trips.selectors import trips_visible_to


def reads_the_register(user) -> bool:
    """The whole register is the Department's and the deciders' book: reviewers, deciders and
    administrators. Agency staff read their own documents from their requests, not the book
    (the register also lists other agencies' decisions)."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(user.is_reviewer or user.is_administrator or getattr(user, "is_decider", False))


def register_for(user) -> QuerySet[IssuedDocument]:
    rows = IssuedDocument.objects.select_related("trip")
    return rows if reads_the_register(user) else rows.none()


def documents_visible_to(user) -> QuerySet[IssuedDocument]:
    """A document linked to a trip is visible to whoever may read the trip; one linked to no
    trip (a loss notice) to the register's readers and the custodians."""
    rows = IssuedDocument.objects.select_related("trip")
    if not (user.is_authenticated and user.is_active):
        return rows.none()
    if reads_the_register(user):
        return rows
    unlinked = Q(trip__isnull=True) if user.is_custodian else Q(pk__in=[])
    return rows.filter(Q(trip__in=trips_visible_to(user)) | unlinked)


def trip_documents(trip) -> QuerySet[IssuedDocument]:
    return trip.issued_documents.order_by("created_at", "id")
