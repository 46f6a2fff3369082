"""Requests at each level of the approval chain, built through the services."""

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.models import Official
from approvals import services
from trips.tests.helpers import JUSTIFIED, draft_trip


def decider_user(**kwargs):
    """The Chairman: head of the People's Committee (issue 23: the position decides)."""
    from authority.tests.factories import chairman

    return chairman(UserFactory(roles=[Role.DECIDER], **kwargs))


def submitted_at_level(staff, level, n=1, **overrides):
    trip = draft_trip(staff, n, **overrides)
    Official.objects.filter(pk__in=trip.members.values("official_id")[:1]).update(
        management_level=level
    )
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    return services.trip_submit(trip=trip, actor=staff)
