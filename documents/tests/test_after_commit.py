"""The number in the move's transaction, the paper after it: the request registers the
document (number, frozen content) without rendering; the task renders, signs and hashes it
once; a broker that is down costs nothing but a delay, the sweep renders what was left; the
readers say "đang tạo" meanwhile."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

# A closed port on 127.0.0.1, as for the emails; the queues resume after it.
from core.tests.test_broker_down import broker_down
from documents import issuing, signing, sweep, tasks
from documents.models import IssuedDocument
from portal.sweep import daily_sweep
from trips.models import TripRequest
from trips.tests.helpers import approved_trip, submitted_trip

Kind = IssuedDocument.Kind
NOT_READY = "Văn bản đang được tạo, vui lòng thử lại sau ít phút."


@pytest.fixture
def renders(monkeypatch):
    """How many PDFs were rendered (WeasyPrint) and signed (pyHanko) so far."""
    counts = {"render": 0, "sign": 0}
    render_pdf, sign_pdf = issuing.render_pdf_and_anchor, signing.sign_pdf

    def counted_render(*args, **kwargs):
        counts["render"] += 1
        return render_pdf(*args, **kwargs)

    def counted_sign(*args, **kwargs):
        counts["sign"] += 1
        return sign_pdf(*args, **kwargs)

    monkeypatch.setattr(issuing, "render_pdf_and_anchor", counted_render)
    monkeypatch.setattr(signing, "sign_pdf", counted_sign)
    return counts


def text_of(row) -> str:
    with row.file.open("rb") as handle:
        return " ".join(" ".join(p.extract_text() for p in PdfReader(handle).pages).split())


def a_while_later():
    # The sweep leaves a row alone for a couple of minutes: its task may be on its way.
    IssuedDocument.objects.update(created_at=timezone.now() - dt.timedelta(minutes=10))


def decision_of(trip) -> IssuedDocument:
    return trip.issued_documents.get(kind=Kind.DECISION)


def test_approve_registers_the_decision_and_renders_it_only_after_the_commit(
    staff_a, head_a, signing_key, renders, django_capture_on_commit_callbacks, eager_tasks
):
    trip = submitted_trip(staff_a)
    api = APIClient()
    api.force_authenticate(head_a)
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(f"/api/v1/trips/{trip.pk}/approve/", {}, format="json")
    assert response.status_code == 200, response.content

    decision = decision_of(trip)
    assert renders == {"render": 0, "sign": 0}  # nothing rendered on the request path
    assert decision.number and decision.symbol.endswith("/QĐ-SNgV") and decision.is_signed
    assert not decision.file and decision.sha256 == "" and decision.rendered_at is None
    document = decision.content["document"]
    assert decision.content["template"] == "documents/pdf/decision.html"
    assert document["symbol"] == decision.symbol and document["issued_on"] == str(
        decision.issued_on
    )
    assert {m["name"] for m in document["extra"]["members"]} == {
        m.official.full_name for m in trip.members.all()
    }

    for callback in callbacks:  # the commit: the task runs (in-process here)
        callback()
    decision.refresh_from_db()
    assert renders == {"render": 1, "sign": 1}
    assert decision.is_rendered and decision.file
    with decision.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == decision.sha256
    assert decision.symbol in text_of(decision)


def test_the_task_renders_signs_and_hashes_once_even_if_run_twice(
    staff_a, head_a, signing_key, renders
):
    trip = approved_trip(staff_a, head_a)  # no commit: registered, not rendered
    decision = decision_of(trip)

    assert tasks.render_issued_document.apply(args=[decision.pk]).get() is True
    decision.refresh_from_db()
    first = (decision.file.name, decision.sha256, decision.rendered_at)
    assert tasks.render_issued_document.apply(args=[decision.pk]).get() is False
    decision.refresh_from_db()

    assert (decision.file.name, decision.sha256, decision.rendered_at) == first
    assert renders == {"render": 1, "sign": 1}
    assert tasks.render_issued_document.apply(args=[0]).get() is False  # gone: nothing to do


def test_the_frozen_content_is_what_is_rendered_whatever_the_trip_became(
    staff_a, head_a, signing_key
):
    trip = approved_trip(staff_a, head_a, purpose="Xúc tiến đầu tư vào khu công nghệ cao")
    head = trip.members.get(is_head=True).official
    name = head.full_name
    TripRequest.objects.filter(pk=trip.pk).update(title="Đổi tên", purpose="Mục đích khác")
    head.full_name = "Người Khác Hẳn"
    head.save(update_fields=["full_name"])

    issuing.render_issued(decision_of(trip).pk)  # later, as a worker would

    text = text_of(decision_of(trip))
    assert "Xúc tiến đầu tư vào khu công nghệ cao" in text and name in text
    assert "Mục đích khác" not in text and "Người Khác Hẳn" not in text


def test_with_the_broker_down_approve_answers_2xx_and_the_sweep_renders_later(
    staff_a, head_a, signing_key, django_capture_on_commit_callbacks, caplog, eager_tasks
):
    trip = submitted_trip(staff_a)  # its proposal registered, never queued (no commit)
    api = APIClient()
    api.force_authenticate(head_a)

    with broker_down():
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(f"/api/v1/trips/{trip.pk}/approve/", {}, format="json")
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "approved"
        with django_capture_on_commit_callbacks(execute=True):  # within the pause: no wait
            assert tasks.queue_render(decision_of(trip).pk) is False
    queued = [r.getMessage() for r in caplog.records if r.name == "core.queueing"]
    # One wait for the broker in all: the approval's emails and its decision's PDF share the
    # pause that follows the first failure (core.queueing).
    assert sum("the broker cannot be reached" in m for m in queued) == 1
    assert any(m.startswith("email of notification") for m in queued)
    rendering = [m for m in queued if m.startswith("rendering of issued document")]
    assert len(rendering) == 2 and all("the daily sweep will render it" in m for m in rendering)

    decision = decision_of(trip)
    assert not decision.is_rendered
    assert daily_sweep(dt.date(2027, 1, 4)).documents_rendered == 0  # too fresh: its task
    a_while_later()
    assert daily_sweep(dt.date(2027, 1, 4)).documents_rendered == 2  # proposal and decision
    decision.refresh_from_db()
    assert decision.is_rendered and "Điều 1." in text_of(decision)
    assert daily_sweep(dt.date(2027, 1, 4)).documents_rendered == 0  # and never twice


def test_a_render_that_fails_after_the_commit_leaves_the_approval_and_the_sweep_retries(
    staff_a, head_a, signing_key, committed, monkeypatch, caplog
):
    def unplugged(*args, **kwargs):
        raise RuntimeError("token unplugged")

    monkeypatch.setattr(signing, "sign_pdf", unplugged)
    trip = committed(approved_trip, staff_a, head_a)

    assert trip.status == TripRequest.Status.APPROVED
    assert not decision_of(trip).is_rendered and "token unplugged" in caplog.text
    monkeypatch.undo()
    a_while_later()
    assert sweep.render_unrendered() == 2  # the proposal and the decision, both sealed
    assert decision_of(trip).is_rendered


def test_the_sweep_goes_on_past_a_row_it_cannot_render(staff_a, head_a, signing_key, monkeypatch):
    first, second = approved_trip(staff_a, head_a), approved_trip(staff_a, head_a)
    a_while_later()
    broken = decision_of(first).pk
    render_issued = sweep.render_issued

    def fails_once(pk):
        if pk == broken:
            raise RuntimeError("disk full")
        return render_issued(pk)

    monkeypatch.setattr(sweep, "render_issued", fails_once)
    assert sweep.render_unrendered() == 3  # both proposals and the second decision
    assert not decision_of(first).is_rendered and decision_of(second).is_rendered
    monkeypatch.undo()
    assert sweep.render_unrendered() == 1


def test_readers_say_the_document_is_being_made(client, staff_a, head_a, reviewer, signing_key):
    trip = approved_trip(staff_a, head_a)
    decision = decision_of(trip)

    client.force_login(staff_a)
    download = client.get(reverse("documents:download", args=[decision.pk]))
    assert download.status_code == 409 and NOT_READY in download.text
    assert download["Retry-After"] == "60"
    refresh = '<meta http-equiv="refresh" content="5">'
    assert refresh in download.text  # the page asks again while a worker is on it
    # Past the sweep's grace the sweep makes it: an open tab stops asking.
    IssuedDocument.objects.filter(pk=decision.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=3)
    )
    late = client.get(reverse("documents:download", args=[decision.pk]))
    assert late.status_code == 409 and NOT_READY in late.text and refresh not in late.text
    detail = client.get(reverse("trips:detail", args=[trip.pk])).text
    assert decision.symbol in detail and "đang tạo" in detail
    assert reverse("documents:download", args=[decision.pk]) not in detail

    body = client.get(reverse("api:trip-decision", args=[trip.pk])).json()
    assert body["symbol"] == decision.symbol and body["number"] == decision.number
    assert body["rendered"] is False
    assert body["sha256"] is None and body["pdf"] is None and body["signature"] is None
    for name in ("api:trip-decision-pdf", "api:trip-proposal-pdf"):
        pdf = client.get(reverse(name, args=[trip.pk]))
        assert pdf.status_code == 409 and pdf.json() == {"detail": NOT_READY, "rendered": False}

    client.force_login(reviewer)  # the register is the Department's book
    page = client.get(reverse("documents:register"), {"year": decision.year}).text
    assert decision.symbol in page and "đang tạo" in page
    assert reverse("documents:download", args=[decision.pk]) not in page
    rows = client.get(reverse("api:register"), {"kind": "decision"}).json()["results"]
    assert [(r["symbol"], r["sha256"], r["rendered"]) for r in rows] == [
        (decision.symbol, None, False)
    ]

    issuing.render_issued(decision.pk)
    body = client.get(reverse("api:trip-decision", args=[trip.pk])).json()
    assert body["rendered"] is True and body["signature"]["valid"] is True
    assert client.get(reverse("documents:download", args=[decision.pk])).status_code == 200


def test_rows_rendered_before_this_change_are_marked_rendered(db):
    # Checked on the migration's own function: a row with a hash gets its creation time.
    from importlib import import_module

    from django.apps import apps

    from accounts.tests.factories import UserFactory

    migration = import_module("documents.migrations.0003_issued_document_rendered_after_commit")
    actor = UserFactory()
    fields = {"year": 2026, "issuer": "UBND", "kind": Kind.PROPOSAL, "title": "T"}
    old = IssuedDocument.objects.create(
        **fields, number=1, symbol="01", issued_on=dt.date(2026, 1, 2), signer="A",
        issued_by=actor, sha256="ab" * 32, file="issued-documents/x.pdf",
    )  # fmt: skip
    waiting = IssuedDocument.objects.create(
        **fields, number=2, symbol="02", issued_on=dt.date(2026, 1, 2), signer="A",
        issued_by=actor, content={"template": "x", "document": {}},
    )  # fmt: skip

    migration.mark_existing_rendered(apps, None)

    old.refresh_from_db()
    waiting.refresh_from_db()
    assert old.rendered_at == old.created_at and waiting.rendered_at is None
