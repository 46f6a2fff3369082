"""The paper after the commit: a registered document rendered, signed and hashed by a worker.

`queue_render` is what the issuing transaction's on_commit calls. The move it follows is
committed by then (core.queueing): if the broker is down, the row stays "đang tạo" and
the daily sweep renders it (documents.sweep)."""

from celery import shared_task

from core.queueing import enqueue
from documents.issuing import render_issued


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
    """Queue the rendering of a registered document; False if it could not be queued (or,
    with tasks in-process, the rendering failed): the sweep renders it later."""
    return enqueue(
        render_issued_document,
        document_id,
        what=f"rendering of issued document {document_id}",
        later="the daily sweep will render it",
    )
