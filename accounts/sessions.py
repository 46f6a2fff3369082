"""The sliding session: a signed-in session ends after SESSION_COOKIE_AGE without a request,
as with SESSION_SAVE_EVERY_REQUEST, but its row is written at most once per
SESSION_REFRESH_SECONDS instead of on every request: a page view stays a read, not an UPDATE
and a commit. The idle timeout is therefore between SESSION_COOKIE_AGE minus
SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

KEY = "_active_at"  # when the session was last renewed (seconds since the epoch)


@receiver(user_logged_in)
def renewed_at_sign_in(sender, request, user, **kwargs):
    # The sign-in saves the session anyway: the first page after it need not.
    if getattr(request, "session", None) is not None:
        request.session[KEY] = int(time.time())


class SlidingSessionMiddleware:
    """Listed after SessionMiddleware (and authentication), so that SessionMiddleware sees the
    change on the way out and saves the session with a new expiry date."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        # Only the session this user signed in with: an API call signed with a token (DRF
        # puts the token's user on the request) must neither keep alive a cookie's session
        # of someone else nor turn a stale cookie into a new session.
        if session is not None and user is not None and user.is_authenticated:
            if session.get(SESSION_KEY) == str(user.pk):
                now = int(time.time())
                if now - session.get(KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                    session[KEY] = now
        return response
