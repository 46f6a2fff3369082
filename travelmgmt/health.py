"""The load balancer's health endpoint (django-health-check), public and saying nothing secret.

It answers JSON: {"status": "ok" | "degraded" | "down", "checks": {name: "ok" | "unavailable"}}.
503 ("down") only when this node cannot serve: its database is unreachable or migrations are
pending (new code before `migrate`). The cache, the broker and the workers are shared by every
node, so their failure is "degraded" with 200: taking every node out of the pool because Redis
is down would stop the whole site, while committed work survives a broker outage (the daily
sweep re-sends). Monitoring alerts on "degraded", which a backlog of emails, documents or exports
older than BACKLOG_ALERT_MINUTES also gives. No host, driver or error text is shown: the
reasons are logged (logger `health_check`).
"""

import asyncio
import contextlib
import dataclasses
import datetime
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

_migrated: set[str] = set()


@dataclasses.dataclass
class PendingMigrations(HealthCheck):
    """Unapplied migrations on the primary: this code expects tables that are not there yet."""

    alias: str = "default"

    def run(self):
        if self.alias in _migrated:
            return
        connection = connections[self.alias]
        with connection.temporary_connection():
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migration(s) not applied")
        # This process's code does not change: once its migrations are applied, they stay.
        _migrated.add(self.alias)


def _connect_broker(url: str, seconds: float) -> None:
    from travelmgmt.celery import app

    try:
        with app.connection_for_write(url, connect_timeout=seconds) as connection:
            # max_retries=0: fail at the first refusal instead of kombu's retry back-off.
            connection.ensure_connection(max_retries=0, timeout=seconds)
    except Exception as error:  # kombu raises several families; all mean "unreachable"
        raise ServiceUnavailable("broker unreachable") from error


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (only where one is configured)."""

    url: str = dataclasses.field(default="", repr=False)  # may hold a password
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=2), repr=False
    )

    def run(self):
        _connect_broker(self.url, self.timeout.total_seconds())


@dataclasses.dataclass
class Workers(HealthCheck):
    """At least one Celery worker answers a ping (only where a broker is configured)."""

    url: str = dataclasses.field(default="", repr=False)
    timeout: datetime.timedelta = dataclasses.field(
        default=datetime.timedelta(seconds=1), repr=False
    )

    def run(self):
        from travelmgmt.celery import app

        # No broker, no ping: Celery would retry connecting for seconds.
        _connect_broker(self.url, self.timeout.total_seconds())
        with app.connection_for_write(self.url) as connection:
            # limit=1: return at the first answer instead of waiting out the timeout.
            replies = app.control.ping(
                timeout=self.timeout.total_seconds(), limit=1, connection=connection
            )
        if not replies:
            raise ServiceUnavailable("no worker answered")


@dataclasses.dataclass
class Backlog(HealthCheck):
    """No email or document has waited longer than BACKLOG_ALERT_MINUTES for a worker."""

    def run(self):
        from portal.backlog import backlog

        limit = settings.BACKLOG_ALERT_MINUTES * 60
        try:
            waiting = backlog()
        finally:
            # This runs in a pool thread discarded after the probe: its connection must not
            # outlive it (one leaked connection per probe otherwise).
            connections["default"].close()
        late = [kind for kind, found in waiting.items() if found.oldest_seconds > limit]
        if late:
            raise ServiceUnavailable(f"waiting longer than {limit}s: {', '.join(late)}")


@contextlib.contextmanager
def _threads():
    # Our own pool, left without waiting: a check stuck past its timeout must not hold the
    # answer (the event loop's default executor is joined when the loop closes).
    executor = ThreadPoolExecutor(max_workers=8, thread_name_prefix="health")
    try:
        yield executor
    finally:
        executor.shutdown(wait=False, cancel_futures=True)


# name shown → (check, whether its failure takes this node out of the pool)
def configured_checks() -> dict[str, tuple[HealthCheck, bool]]:
    checks = {
        "database": (Database(alias="default"), True),
        "migrations": (PendingMigrations(alias="default"), True),
        "cache": (Cache(alias="default"), False),
        "backlog": (Backlog(), False),
    }
    if "replica" in settings.DATABASES:
        checks["replica"] = (Database(alias="replica"), False)
    if settings.CELERY_BROKER_URL:
        checks["broker"] = (Broker(url=settings.CELERY_BROKER_URL), False)
        checks["workers"] = (Workers(url=settings.CELERY_BROKER_URL), False)
    return checks


class HealthView(HealthCheckView):
    def get_executor(self):
        return _threads()

    async def get(self, request, *args, **kwargs):
        checks = configured_checks()
        with self.get_executor() as executor:
            results = await asyncio.gather(
                *(check.get_result(executor) for check, _critical in checks.values())
            )
        statuses, down, degraded = {}, False, False
        for (name, (_check, critical)), result in zip(checks.items(), results, strict=True):
            statuses[name] = "unavailable" if result.error else "ok"
            down |= bool(result.error) and critical
            degraded |= bool(result.error)
        status = "down" if down else "degraded" if degraded else "ok"
        return JsonResponse({"status": status, "checks": statuses}, status=503 if down else 200)


health = HealthView.as_view()
