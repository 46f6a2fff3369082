"""The paper after the commit: a registered document rendered, signed and hashed by a worker.

`queue_render` is what the issuing transaction's on_commit calls. The move it follows is
committed by then: a broker that is down must not turn it into an error. The row stays
"đang tạo" and the daily sweep renders it (documents.sweep)."""

import logging
import time

from celery import shared_task
from kombu.exceptions import OperationalError

from documents.issuing import render_issued

logger = logging.getLogger(__name__)

# As core.notifications: after a broker failure it is left alone this long (seconds), so that
# a request issuing several documents waits for the connection timeout once, not each time.
BROKER_PAUSE = 60
_broker_paused_until = 0.0


@shared_task(
    acks_late=True,  # a worker that dies mid-render leaves the task to another
    # A storage or signing-token hiccup: tried again with backoff; once the retries are spent
    # the row is still unrendered and the daily sweep takes it.
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=4,
)
def render_issued_document(document_id: int) -> bool:
    """Safe to run twice: a rendered row is left as it is (documents.issuing.render_issued)."""
    return render_issued(document_id)


def queue_render(document_id: int) -> bool:
    """Queue the rendering of a registered document; False if the broker could not take it
    (or, with tasks in-process, the rendering failed): the sweep renders it later."""
    global _broker_paused_until
    if time.monotonic() < _broker_paused_until:
        logger.warning(
            "rendering of issued document %s not queued: the broker was unreachable less than "
            "%ss ago; the daily sweep will render it",
            document_id,
            BROKER_PAUSE,
        )
        return False
    try:
        render_issued_document.delay(document_id)
    except OperationalError:
        _broker_paused_until = time.monotonic() + BROKER_PAUSE
        logger.warning(
            "rendering of issued document %s not queued: the broker is unreachable; "
            "the daily sweep will render it",
            document_id,
            exc_info=True,
        )
        return False
    except Exception:
        logger.exception(
            "rendering of issued document %s not queued; the daily sweep will render it",
            document_id,
        )
        return False
    return True


def resume_queuing() -> None:
    """Try the broker again at once (it is back, or a test moved on)."""
    global _broker_paused_until
    _broker_paused_until = 0.0
