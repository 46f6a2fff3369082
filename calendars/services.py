"""Creating and revoking calendar feeds: each one transaction with its history row."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calendars.models import CalendarFeed, CalendarFeedEvent
from core.errors import NotAllowed, ServiceError

Scope = CalendarFeed.Scope


def scopes_for(user) -> list[str]:
    """The scopes this user may subscribe to: their agency's officials (agency staff), the
    province's key leaders (reviewers, deciders and administrators: the Office of the
    People's Committee and the Department)."""
    scopes = []
    if user.is_active and user.is_agency_staff:
        scopes.append(Scope.AGENCY)
    if user.is_active and (user.is_reviewer or user.is_decider or user.is_administrator):
        scopes.append(Scope.KEY_LEADERS)
    return scopes


def feed_create(*, user, scope: str) -> CalendarFeed:
    """A new secret address for `user` and `scope` (several may coexist: one per device)."""
    if scope not in Scope.values:
        raise ServiceError(_("Phạm vi lịch không hợp lệ."))
    if scope not in scopes_for(user):
        raise NotAllowed(_("Bạn không được tạo lịch với phạm vi này."))
    with transaction.atomic():
        feed = CalendarFeed.objects.create(user=user, scope=scope)
        CalendarFeedEvent.objects.create(
            feed=feed, action=CalendarFeedEvent.Action.CREATED, actor=user
        )
    return feed


def feed_revoke(*, feed: CalendarFeed, actor) -> CalendarFeed:
    """End a feed at once: its address answers 404 from now on. Twice is harmless."""
    if feed.user_id != actor.pk:
        raise NotAllowed()
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
        if feed.revoked_at is None:
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            CalendarFeedEvent.objects.create(
                feed=feed, action=CalendarFeedEvent.Action.REVOKED, actor=actor
            )
    return feed
