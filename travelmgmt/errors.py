"""The site's server-error handler (urls.handler500).

A database that cannot be reached (stopped, restarting, failing over) is a 503 with
Retry-After, not a 500: nothing was written, and the request may simply be tried again. The
API answers in its own JSON error format ({"detail"}), for a 503 as for any other 500; pages
get the 503 page. Django has logged the exception before calling this (without frame locals:
travelmgmt/logs.py).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.defaults import server_error as django_server_error

RETRY_AFTER_SECONDS = 30


def database_unreachable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request, *args, **kwargs):
    api = request.path.startswith("/api/")
    if database_unreachable(sys.exc_info()[1]):
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        if api:
            detail = _("Hệ thống tạm thời không kết nối được cơ sở dữ liệu. Vui lòng thử lại sau.")
            return JsonResponse({"detail": detail}, status=503, headers=headers)
        page = loader.get_template("503.html").render()
        return HttpResponse(page, status=503, headers=headers)
    if api:
        detail = _("Lỗi hệ thống. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.")
        return JsonResponse({"detail": detail}, status=500)
    return django_server_error(request, *args, **kwargs)
