"""Queuing a task after a commit without ever failing the committed work.

By the time a task is queued (an email, an issued document's PDF) the change it follows is
committed: a broker that is down must not turn it into an error. What could not be queued
stays undone in the database and the daily sweep does it. After a broker failure every queue
of this process leaves the broker alone for BROKER_PAUSE seconds: with Redis down each
attempt waits for the connection timeout, and an approval that notifies ten people and
issues a decision must wait once, not eleven times.
"""

import logging
import time

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

BROKER_PAUSE = 60  # seconds
_paused_until = 0.0


def enqueue(task, *args, what: str, later: str) -> bool:
    """`task.delay(*args)`; False, logged, if it could not be queued (or, with tasks
    in-process, failed). `what` names the job in the log ("email of notification 7"),
    `later` says who does it instead ("the daily sweep will send it")."""
    global _paused_until
    if time.monotonic() < _paused_until:
        logger.warning(
            "%s not queued: the broker failed less than %ss ago; %s", what, BROKER_PAUSE, later
        )
        return False
    try:
        task.delay(*args)
    except OperationalError:
        _paused_until = time.monotonic() + BROKER_PAUSE
        logger.warning(
            "%s not queued: the broker cannot be reached; %s", what, later, exc_info=True
        )
        return False
    except Exception:
        logger.exception("%s not queued; %s", what, later)
        return False
    return True


def resume_queuing() -> None:
    """Try the broker again at once (it is back, or a test moved on)."""
    global _paused_until
    _paused_until = 0.0
