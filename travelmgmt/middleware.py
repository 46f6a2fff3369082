"""The request log middleware (see travelmgmt/logs.py)."""

import structlog
from axes.helpers import get_client_ip_address
from django_structlog.middlewares import RequestMiddleware

from travelmgmt.redaction import redact_path


class RequestLogMiddleware(RequestMiddleware):
    """django-structlog's request middleware, with two changes:

    - the client address is the one django-axes locks (the right-most X-Forwarded-For entry
      our proxy wrote, `PROXY_COUNT`), not the left-most one, which the client chooses;
    - the response carries `X-Request-ID`, so a user reporting a problem can quote it;
    - a secret in the path (a calendar feed's address) never reaches the log.
    """

    async_capable = False

    @staticmethod
    def format_request(request) -> str:
        return redact_path(f"{request.method} {request.get_full_path()}")

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
