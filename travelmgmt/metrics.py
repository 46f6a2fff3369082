"""Prometheus metrics (django-prometheus), never public.

A scrape is answered only when it carries `Authorization: Bearer <METRICS_TOKEN>`, or when it
comes straight from an allowed network (METRICS_ALLOWED_NETWORKS, checked on the TCP peer
address) without having passed through the reverse proxy (no X-Forwarded-For: behind nginx
every visitor's peer address is the proxy's). Anything else gets a plain 404, as if the URL did
not exist. With neither setting the metrics are off, except on a developer machine
(DEBUG), where the loopback address may read them.
"""

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_prometheus.exports import ExportToDjangoView


def _bearer_ok(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.encode(), token.encode())


def _network_ok(request) -> bool:
    if "HTTP_X_FORWARDED_FOR" in request.META:
        return False
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in network for network in settings.METRICS_ALLOWED_NETWORKS)


def allowed(request) -> bool:
    return _bearer_ok(request) or _network_ok(request)


@never_cache
@require_GET
def metrics(request):
    if not allowed(request):
        raise Http404
    return ExportToDjangoView(request)
