"""Prometheus metrics (django-prometheus), never public.

A scrape is answered only when it carries `Authorization: Bearer <METRICS_TOKEN>`, or when it
comes straight from an allowed network (METRICS_ALLOWED_NETWORKS, checked on the TCP peer
address) without having passed through the reverse proxy (no X-Forwarded-For: behind nginx
every visitor's peer address is the proxy's). Anything else gets a plain 404, as if the URL did
not exist. With neither setting the metrics are off, except on a developer machine
(DEBUG), where the loopback address may read them.

With PROMETHEUS_MULTIPROC_DIR set (several gunicorn workers) the request metrics are every
worker's, summed from that folder (prometheus_client's multiprocess collector); without it,
this process's. Each scrape also reads the backlog (emails and documents waiting, and the age
of the oldest: portal.backlog), when a second beat's run was last turned away
(core.beat_lock), and the daily sweep's last run with each step's count (portal.sweep):
shared state, read from the database and the cache.
"""

import hmac
import ipaddress
import logging
import os

import prometheus_client
from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)


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


class SharedStateCollector:
    """Gauges read at scrape time from the database and the cache."""

    def collect(self):
        from core.beat_lock import last_overlap
        from portal.backlog import backlog

        try:
            waiting = backlog()
        except Exception:  # the database is down: the scrape still answers
            logger.warning("backlog not measured", exc_info=True)
            waiting = {}
        count = GaugeMetricFamily(
            "travelmgmt_backlog",
            "Emails, documents or exports waiting for a worker",
            labels=["kind"],
        )
        oldest = GaugeMetricFamily(
            "travelmgmt_backlog_oldest_seconds",
            "Age of the oldest email or document waiting (0: none)",
            labels=["kind"],
        )
        for kind, found in waiting.items():
            count.add_metric([kind], found.count)
            oldest.add_metric([kind], found.oldest_seconds)
        overlap = GaugeMetricFamily(
            "travelmgmt_beat_overlap_timestamp_seconds",
            "When a second beat's run of a periodic task was last turned away (0: never)",
            labels=["task"],
        )
        for task in ("daily-sweep", "catch-up"):
            overlap.add_metric([task], last_overlap(task) or 0)
        yield from (count, oldest, overlap, *self._sweep())

    def _sweep(self):
        """The daily sweep's last run: when, and each step's count by its name (portal.sweep)."""
        from portal.sweep import last_run

        try:
            run = last_run() or {"at": 0, "counts": {}}
        except Exception:  # the cache is down: the scrape still answers
            logger.warning("daily sweep's last run not read", exc_info=True)
            run = {"at": 0, "counts": {}}
        finished = GaugeMetricFamily(
            "travelmgmt_sweep_last_run_timestamp_seconds",
            "When the daily sweep last finished (0: not since the cache was emptied)",
        )
        finished.add_metric([], run["at"])
        counts = GaugeMetricFamily(
            "travelmgmt_sweep_last_count",
            "What each step of the daily sweep's last run did",
            labels=["step"],
        )
        for step, value in run["counts"].items():
            counts.add_metric([step], value)
        return finished, counts


def registry() -> prometheus_client.CollectorRegistry:
    scrape = prometheus_client.CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(scrape)
    else:
        scrape.register(prometheus_client.REGISTRY)
    scrape.register(SharedStateCollector())
    return scrape


@never_cache
@require_GET
def metrics(request):
    if not allowed(request):
        raise Http404
    return HttpResponse(
        prometheus_client.generate_latest(registry()),
        content_type=prometheus_client.CONTENT_TYPE_LATEST,
    )
