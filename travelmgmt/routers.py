"""Reads of the statistics and exports go to the read replica; everything else to the primary.

The analytics views read trips, members, reports and agencies, models that the rest of the
app writes, so the router cannot decide by app label: it decides by what is running. The
analytics views run inside `analytics_reads()` (a context variable, so one thread or task
does not leak it into another), and only their reads go to the replica. Writes always go to
the primary, even inside `analytics_reads()`. Installed only when DATABASE_REPLICA_URL is set.
"""

import contextlib
import functools
from contextvars import ContextVar

PRIMARY = "default"
REPLICA = "replica"

_analytics = ContextVar("travelmgmt_analytics_reads", default=False)


@contextlib.contextmanager
def analytics_reads():
    token = _analytics.set(True)
    try:
        yield
    finally:
        _analytics.reset(token)


def reads_from_replica(view):
    """Decorate a statistics or export view: its queries read the replica (when there is one).

    The whole response is built inside the view (render() and the workbook bytes), so every
    lazy queryset is evaluated within the context.
    """

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with analytics_reads():
            return view(*args, **kwargs)

    return wrapper


class AnalyticsReplicaRouter:
    def db_for_read(self, model, **hints):
        return REPLICA if _analytics.get() else PRIMARY

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # One database replicated: an object read from the replica is the primary's row.
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by replication, never by `migrate`.
        return db == PRIMARY
