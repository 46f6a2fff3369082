"""Queuing a task after a commit without ever failing the committed work.

By the time a task is queued (an email, an issued document's PDF) the change it follows is
committed: a broker that is down must not turn it into an error. What could not be queued
stays undone in the database and the daily sweep does it. After a broker failure every queue
of this process leaves the broker alone for BROKER_PAUSE seconds: with Redis down each
attempt waits for the connection timeout, and an approval that notifies ten people and
issues a decision must wait once, not eleven times.

A workflow move's tasks (`one_message`, opened by core.workflow.one_move) reach the broker as
one message: an approval queues its decision's rendering and its notices' emails, and each
publish cost its request about half a millisecond of Celery's and kombu's work. A worker
queues them again one by one (core.tasks.queue_each).
"""

import logging
import time
from contextlib import contextmanager
from contextvars import ContextVar

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_PAUSE = 60  # seconds
_paused_until = 0.0
# The jobs a move's commit queued, while the move is open: (task, args, what, later).
_GATHERED: ContextVar[list | None] = ContextVar("queued_in_move", default=None)


def enqueue(task, *args, what: str, later: str) -> bool:
    """`task.delay(*args)`; False, logged, if it could not be queued (or, with tasks
    in-process, failed). `what` names the job in the log ("email of notification 7"),
    `later` says who does it instead ("the daily sweep will send it"). Within a move, the
    job waits for the move's one message: True, and a failure to send it is logged then,
    job by job (the move's hooks, the only callers there, do not read the answer)."""
    gathered = _GATHERED.get()
    if gathered is not None and not task.app.conf.task_always_eager:
        gathered.append((task, args, what, later))
        return True
    return _publish(task, args, [(what, later)])


@contextmanager
def one_message():
    """The tasks queued within it (a move's, after its commit) go to the broker as one
    message when it ends; one alone is sent as itself. Nested, the outer one gathers. With
    tasks in-process (no broker) nothing is gathered: each runs where it is queued. A move
    inside a transaction of its caller's commits with it, after this has ended: its tasks
    are then sent one by one, as before."""
    if _GATHERED.get() is not None:
        yield
        return
    token = _GATHERED.set([])
    try:
        yield
    finally:
        gathered = _GATHERED.get()
        _GATHERED.reset(token)
        if gathered:
            _send(gathered)


def _send(gathered) -> bool:
    jobs = [(what, later) for _, _, what, later in gathered]
    if len(gathered) == 1:
        task, args, _, _ = gathered[0]
        return _publish(task, args, jobs)
    from core.tasks import queue_each

    each = [[task.name, list(args)] for task, args, _, _ in gathered]
    return _publish(queue_each, (each,), jobs)


def _publish(task, args, jobs) -> bool:
    """`task.delay(*args)`, carrying `jobs` ((what, later) each): each logged if not queued."""
    global _paused_until
    if time.monotonic() < _paused_until:
        for what, later in jobs:
            logger.warning(
                "%s not queued: the broker failed less than %ss ago; %s", what, BROKER_PAUSE, later
            )
        return False
    try:
        task.delay(*args)
    except OperationalError:
        _paused_until = time.monotonic() + BROKER_PAUSE
        for n, (what, later) in enumerate(jobs):  # the traceback once, with the first
            logger.warning(
                "%s not queued: the broker cannot be reached; %s", what, later, exc_info=n == 0
            )
        return False
    except Exception:
        for n, (what, later) in enumerate(jobs):
            logger.error("%s not queued; %s", what, later, exc_info=n == 0)
        return False
    return True


def resume_queuing() -> None:
    """Try the broker again at once (it is back, or a test moved on)."""
    global _paused_until
    _paused_until = 0.0
