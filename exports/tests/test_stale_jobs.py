"""A worker that dies mid-export: the job's heartbeat goes silent, the catch-up queues it
again (once, however many catch-ups run), it finishes; after EXPORT_MAX_ATTEMPTS silent runs
it fails with a message and a button to ask again. Never two builds of one job at once."""

import datetime as dt
import io
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.tests.threads import run_at_once
from exports import registry, services
from exports.models import ExportJob
from portal.backlog import backlog
from portal.catch_up import catch_up
from reports.tests.test_worker import worker  # noqa: F401  (the fixture)
from trips.tests.factories import TripFactory

D = dt.date
S = ExportJob.Status


@pytest.fixture
def five_trips(staff_a):
    for day in range(1, 6):
        TripFactory(agency=staff_a.agency, departure_date=D(2027, 6, day),
                    return_date=D(2027, 6, day + 2), members=[])  # fmt: skip


def running_job(user, *, silent_minutes=0, attempts=1) -> ExportJob:
    """A job a worker claimed (attempts runs so far) and last heard of minutes ago."""
    # Created in the test's transaction its own task is never queued: the worker "died".
    job = services.start(
        actor=user, name="trips", params={"query": ""}, file_name="x.xlsx", total=5
    )
    ExportJob.objects.filter(pk=job.pk).update(
        status=S.RUNNING,
        attempts=attempts,
        done_rows=2,
        heartbeat_at=timezone.now() - dt.timedelta(minutes=silent_minutes),
    )
    return job


def data_rows(job) -> int:
    job.refresh_from_db()
    book = load_workbook(io.BytesIO(bytes(job.content)))
    return book.active.max_row - 2  # the header and the total


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks", "five_trips")
def test_a_silent_job_is_queued_again_once_and_finishes_a_live_one_is_left(staff_a):
    silent = running_job(staff_a, silent_minutes=11)
    live = running_job(staff_a, silent_minutes=9)  # the limit is 10 minutes

    assert catch_up()["exports"] == 1
    silent.refresh_from_db()
    assert (silent.status, silent.attempts, silent.done_rows) == (S.READY, 2, 5)
    assert data_rows(silent) == 5
    live.refresh_from_db()
    assert (live.status, live.attempts) == (S.RUNNING, 1)
    assert catch_up()["exports"] == 0  # nothing silent any more: nothing queued twice


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks", "five_trips")
def test_a_queued_job_whose_task_was_lost_is_queued_again(staff_a):
    job = services.start(actor=staff_a, name="trips", params={"query": ""},
                         file_name="x.xlsx", total=5)  # fmt: skip
    assert catch_up()["exports"] == 0  # its own task may still be on its way
    ExportJob.objects.update(heartbeat_at=timezone.now() - dt.timedelta(minutes=11))
    assert catch_up()["exports"] == 1
    job.refresh_from_db()
    assert (job.status, job.attempts) == (S.READY, 1)


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks", "five_trips")
def test_silent_too_often_it_fails_with_a_message_and_may_be_asked_again(
    client, staff_a, staff_b, django_capture_on_commit_callbacks
):
    job = running_job(staff_a, silent_minutes=11, attempts=3)
    assert catch_up()["exports"] == 0
    job.refresh_from_db()
    assert job.status == S.FAILED and job.finished_at
    assert "đã dừng giữa chừng 3 lần" in job.error

    client.force_login(staff_a)
    page = client.get(reverse("exports:job", args=[job.pk])).content.decode()
    ask_again = reverse("exports:ask-again", args=[job.pk])
    assert job.error in page and f'action="{ask_again}"' in page and "Yêu cầu lại" in page
    assert 'hx-trigger="every 2s"' not in page  # the page stops polling
    assert client.get(ask_again).status_code == 405

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask_again)
    again = ExportJob.objects.exclude(pk=job.pk).get()
    assert response.status_code == 302 and response.url == reverse("exports:job", args=[again.pk])
    assert (again.status, again.total_rows, again.file_name) == (S.READY, 5, "x.xlsx")
    assert ExportJob.objects.get(pk=job.pk).status == S.FAILED  # kept as the record
    # Asking again for a job that has not failed changes nothing; someone else's is not found.
    assert client.post(reverse("exports:ask-again", args=[again.pk])).status_code == 302
    assert ExportJob.objects.count() == 2
    client.force_login(staff_b)
    assert client.post(ask_again).status_code == 404


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_tasks", "five_trips")
def test_a_worker_taken_over_drops_its_work(staff_a, monkeypatch):
    """A worker silent but alive (a long pause) whose job the catch-up gave to another: the
    second run builds it, the first writes neither progress nor its file."""
    trips = registry.get("trips")
    job = services.start(actor=staff_a, name="trips", params={"query": ""},
                         file_name="x.xlsx", total=5)  # fmt: skip
    outer_progress = []

    def paused_build(user, params, progress):
        if ExportJob.objects.get(pk=job.pk).attempts == 1:  # the first run pauses, too long
            ExportJob.objects.update(heartbeat_at=timezone.now() - dt.timedelta(minutes=11))
            assert catch_up()["exports"] == 1  # the second run builds it meanwhile
            progress(3)
            outer_progress.append(ExportJob.objects.get(pk=job.pk).done_rows)
            return trips.build(user, {"query": "no such trip"}, progress)
        return trips.build(user, params, progress)

    monkeypatch.setitem(registry.EXPORTS, "trips", registry.Export(trips.count, paused_build))
    services.build(job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts, job.done_rows) == (S.READY, 2, 5)
    assert outer_progress == [5]  # the first run's progress(3) wrote nothing
    assert data_rows(job) == 5  # the second run's file, not the first's (empty) one


@pytest.mark.django_db
def test_the_backlog_counts_queued_and_silent_exports_by_their_silence(staff_a):
    running_job(staff_a, silent_minutes=9)  # a worker at work: not waiting
    assert backlog()["exports"].count == 0
    running_job(staff_a, silent_minutes=40)
    found = backlog()["exports"]
    assert found.count == 1 and 40 * 60 - 5 < found.oldest_seconds < 40 * 60 + 60


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migration_data", "eager_tasks", "five_trips")
def test_two_catch_ups_at_once_queue_a_silent_job_once(staff_a):
    job = running_job(staff_a, silent_minutes=11)
    results, _refused = run_at_once([catch_up, catch_up, catch_up])
    assert sorted(r["exports"] for r in results) == [0, 0, 1]
    job.refresh_from_db()
    assert (job.status, job.attempts) == (S.READY, 2)


@pytest.mark.celery_worker
@pytest.mark.usefixtures("migration_data", "five_trips")
def test_a_real_worker_builds_the_job_the_catch_up_queued_again(worker, staff_a):  # noqa: F811
    job = running_job(staff_a, silent_minutes=11)
    assert catch_up()["exports"] == 1  # on Redis, for the worker thread
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_running:
            break
        time.sleep(0.2)
    assert (job.status, job.attempts) == (S.READY, 2), job.error
    assert data_rows(job) == 5
