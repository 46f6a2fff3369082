"""A move's tasks reach the broker as one message (core.queueing.one_message, issue 26): an
approval queued its decision's rendering and its notices' emails as two publishes. A worker
queues them again one by one (core.tasks.queue_each). Without a broker nothing changes: each
task runs where it is queued.

The publishes are recorded here, not sent: the wiring through Redis and a real worker is
documents/tests/test_worker.py (CI's PostgreSQL run)."""

import logging

import pytest
from celery.app.task import Task
from kombu.exceptions import OperationalError

from core import queueing
from core.notifications import queue_notice_emails
from core.tasks import queue_each
from documents.tasks import queue_render
from travelmgmt.celery import app

RENDER = "documents.tasks.render_issued_document"
EMAIL, EMAILS = "core.tasks.send_notification_email", "core.tasks.send_notification_emails"


@pytest.fixture
def published(monkeypatch):
    """[(task name, args)] of each `delay` and `apply_async`, with a broker (not in-process)."""
    saved = app.conf.task_always_eager
    app.conf.task_always_eager = False
    sent = []
    monkeypatch.setattr(Task, "delay", lambda self, *args, **kw: sent.append((self.name, args)))
    monkeypatch.setattr(
        Task, "apply_async", lambda self, args=(), **kw: sent.append((self.name, tuple(args)))
    )
    yield sent
    app.conf.task_always_eager = saved
    queueing.resume_queuing()


def test_the_tasks_of_a_move_are_one_message(published):
    with queueing.one_message():
        assert queue_render(41) is True
        assert queue_notice_emails([7, 8]) is True
        assert published == []  # nothing before the move ends
    assert published == [("core.tasks.queue_each", ([[RENDER, [41]], [EMAILS, [[7, 8]]]],))]


def test_one_task_alone_is_sent_as_itself_and_none_sends_nothing(published):
    with queueing.one_message():
        queue_notice_emails([9])
    with queueing.one_message():
        pass
    assert published == [(EMAIL, (9,))]


def test_nested_the_outer_one_gathers_and_outside_each_goes_at_once(published):
    with queueing.one_message():
        queue_render(1)
        with queueing.one_message():
            queue_render(2)
        assert published == []
    queue_render(3)
    assert published == [
        ("core.tasks.queue_each", ([[RENDER, [1]], [RENDER, [2]]],)),
        (RENDER, (3,)),
    ]


def test_a_worker_queues_each_on_its_own(published):
    assert queue_each([[RENDER, [41]], [EMAILS, [[7, 8]]]]) == 2
    assert published == [(RENDER, (41,)), (EMAILS, ([7, 8],))]


def test_a_broker_failing_midway_retries_only_what_was_not_queued(monkeypatch, published):
    from celery.exceptions import Retry

    def flaky(self, args=(), **kwargs):
        if self.name == EMAILS:
            raise OperationalError("Connection refused.")
        published.append((self.name, tuple(args)))

    retried = []
    monkeypatch.setattr(Task, "apply_async", flaky)
    monkeypatch.setattr(Task, "retry", lambda self, **kw: retried.append(kw) or Retry("again"))
    with pytest.raises(Retry):
        queue_each([[RENDER, [41]], [EMAILS, [[7, 8]]], [RENDER, [42]]])
    assert published == [(RENDER, (41,))]
    assert [kw["args"] for kw in retried] == [([[EMAILS, [[7, 8]]], [RENDER, [42]]],)]


def test_a_task_this_worker_does_not_know_is_logged_and_the_others_queued(published, caplog):
    with caplog.at_level(logging.ERROR, logger="core.tasks"):
        assert queue_each([["core.tasks.newer_than_this_worker", [1]], [RENDER, [41]]]) == 1
    assert published == [(RENDER, (41,))]
    assert "core.tasks.newer_than_this_worker unknown to this worker" in caplog.text


def test_a_broker_down_loses_nothing_it_cannot_say(monkeypatch, published, caplog):
    """Each job is named in the log with who does it later; the committed move is not
    failed; the next queue waits for the pause."""

    def down(self, *args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(Task, "delay", down)
    with caplog.at_level(logging.WARNING, logger="core.queueing"), queueing.one_message():
        queue_render(41)
        queue_notice_emails([7, 8])
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "rendering of issued document 41 not queued: the broker cannot be reached; the daily "
        "sweep will render it",
        "emails of 2 notifications not queued: the broker cannot be reached; the daily sweep "
        "will send them",
    ]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="core.queueing"):
        assert queue_render(42) is False
    assert "failed less than 60s ago" in caplog.text


def test_without_a_broker_each_task_runs_where_it_is_queued(monkeypatch):
    ran = []
    monkeypatch.setattr(Task, "delay", lambda self, *args, **kw: ran.append((self.name, args)))
    assert app.conf.task_always_eager  # the suite's default: no broker
    with queueing.one_message():
        queue_render(5)
        assert ran == [(RENDER, (5,))]


@pytest.mark.usefixtures("migration_data")
def test_a_submission_and_an_approval_each_send_one_message(published, staff_a, head_a):
    """The whole moves, committed for real (a transactional test): each registers a document
    and notifies, and each sends the rendering and the emails in one publish after its
    commit."""
    from trips.tests.helpers import approved_trip

    approved_trip(staff_a, head_a)
    assert [name for name, _ in published] == ["core.tasks.queue_each"] * 2
    for _, (jobs,) in published:
        assert sorted(name for name, _ in jobs) == [EMAIL, RENDER]
