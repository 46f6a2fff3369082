"""The project's own middleware: the request log (see travelmgmt/logs.py) and the sliding
session."""

import time

import structlog
from axes.helpers import get_client_ip_address
from django.conf import settings
from django_structlog.middlewares import RequestMiddleware


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request middleware, with two changes:

    - the client address is the one django-axes locks (the right-most X-Forwarded-For entry
      our proxy wrote, `PROXY_COUNT`), not the left-most one, which the client chooses;
    - the response carries `X-Request-ID`, so a user reporting a problem can quote it.
    """

    async_capable = False

    @classmethod
    def bind_ip(cls, request) -> None:
        structlog.contextvars.bind_contextvars(ip=get_client_ip_address(request))

    def prepare(self, request) -> None:
        super().prepare(request)
        request.request_id = structlog.contextvars.get_contextvars().get("request_id")

    def __call__(self, request):
        response = super().__call__(request)
        if getattr(request, "request_id", None):
            response["X-Request-ID"] = request.request_id
        return response


class SlidingSessionMiddleware:
    """A signed-in session ends after SESSION_COOKIE_AGE without a request, as with
    SESSION_SAVE_EVERY_REQUEST, but its row is written at most once per
    SESSION_REFRESH_SECONDS instead of on every request: a page view stays a read, not an
    UPDATE and a commit. The idle timeout is therefore between SESSION_COOKIE_AGE minus
    SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE. Listed after SessionMiddleware, so that
    SessionMiddleware sees the change on the way out and saves the session."""

    KEY = "_active_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session, user = getattr(request, "session", None), getattr(request, "user", None)
        # An existing session of a signed-in user only: an anonymous visitor's stale cookie,
        # or an API call signed with a token, must not become a new session.
        if session is not None and session.session_key and user and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # modified: saved with a new expiry date
        return response
