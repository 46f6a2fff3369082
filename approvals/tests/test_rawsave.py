"""core.rawsave, a move's history row and chain steps written by hand (issue 26): each row
equals what the ORM's save writes from the same instance, on SQLite and PostgreSQL, and a
model someone listens to is still saved by the ORM."""

import datetime as dt
import random

import pytest
from django.db import DatabaseError, connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext, isolate_apps
from django.utils import timezone

from accounts.tests.factories import UserFactory
from approvals.models import ChainStep
from approvals.tests.chain_helpers import submitted_at_level
from core import rawsave
from trips.models import TripTransition

pytestmark = pytest.mark.django_db
TEXTS = ["", "Đồng ý.", "Thiếu thư mời; đề nghị bổ sung 'bản gốc' \"có dấu\"", "x" * 900, "%s %%"]


def _row(model, pk, *, leave=("id",)):
    row = model.objects.filter(pk=pk).values().get()
    return {k: v for k, v in row.items() if k not in leave}


def _random_json(rng):
    return rng.choice(
        [
            [],
            [{"code": "OVER_BUDGET", "severity": "warn", "ids": [rng.randrange(99)]}],
            {"MAX_TRIPS": rng.randrange(5), "nested": {"list": [1, "hai", None, True, 2.5]}},
            {"ghi chú": "Tiếng Việt có dấu", "empty": {}},
        ]
    )


def _history(rng, trip, users):
    return TripTransition(
        trip=trip,
        from_status=rng.choice(["", "draft", "submitted"]),
        to_status=rng.choice(["submitted", "approved", "rejected"]),
        action=rng.choice(["", "submit", "approve"]),
        actor=rng.choice(users),
        acting_for=rng.choice(users),
        note=rng.choice(TEXTS),
        findings=_random_json(rng),
        justifications=_random_json(rng),
        policy=_random_json(rng),
    )


@pytest.mark.parametrize("seed", range(4))
def test_a_history_row_by_hand_equals_the_orms(seed, staff_a):
    rng = random.Random(seed)
    trip = submitted_at_level(staff_a, "province")
    users = [None, staff_a, UserFactory()]
    for _ in range(5):
        state = rng.getstate()
        by_orm = _history(rng, trip, users)
        by_orm.save()
        rng.setstate(state)
        by_hand = _history(rng, trip, users)
        with CaptureQueriesContext(connection) as queries:
            assert rawsave.insert(by_hand) is by_hand
        assert len(queries) == 1 and queries[0]["sql"].startswith("INSERT")
        assert by_hand.pk and by_hand.pk != by_orm.pk
        assert not by_hand._state.adding and by_hand._state.db == by_orm._state.db
        assert _row(TripTransition, by_hand.pk, leave=("id", "at")) == _row(
            TripTransition, by_orm.pk, leave=("id", "at")
        )
        # auto_now_add: the instance holds the time written, as the ORM's does.
        assert _row(TripTransition, by_hand.pk)["at"] == by_hand.at
        assert abs(by_hand.at - by_orm.at) < dt.timedelta(minutes=1)


def _step_values(rng, users):
    actor = rng.choice(users)
    return {
        # Not "active": one step of a chain may be active (chain_one_active_step).
        "status": rng.choice([s for s in ChainStep.Status.values if s != "active"]),
        "actor": actor,
        "substitution": None,
        "acting_for": rng.choice(users),
        "at": rng.choice([None, timezone.now() - dt.timedelta(days=rng.randrange(400))]),
        "opened_at": timezone.now() - dt.timedelta(seconds=rng.randrange(10**6)),
        "note": rng.choice(TEXTS),
    }


@pytest.mark.parametrize("seed", range(4))
def test_a_steps_update_by_hand_equals_the_orms(seed, staff_a):
    rng = random.Random(seed)
    trip = submitted_at_level(staff_a, "province")
    users = [None, staff_a, UserFactory()]
    for step in ChainStep.objects.filter(trip=trip):
        values = _step_values(rng, users)
        names = rng.sample(sorted(values), rng.randrange(1, len(values) + 1))
        for name in names:
            setattr(step, name, values[name])
        step.save(update_fields=names)
        by_orm = _row(ChainStep, step.pk)
        # Every field back to something else, so that each written one is seen written.
        other = {
            "status": "closed" if values["status"] != "closed" else "pending",
            "actor": None if values["actor"] else users[1],
            "acting_for": None if values["acting_for"] else users[1],
            "at": None if values["at"] else timezone.now() - dt.timedelta(days=999),
            "opened_at": timezone.now() - dt.timedelta(days=777),
            "note": "trước",
        }
        ChainStep.objects.filter(pk=step.pk).update(**other)
        before = _row(ChainStep, step.pk)
        for name in names:
            setattr(step, name, values[name])
        with CaptureQueriesContext(connection) as queries:
            rawsave.update(step, names)
        assert len(queries) == 1 and queries[0]["sql"].startswith("UPDATE")
        written = {f"{n}_id" if n in ("actor", "acting_for", "substitution") else n for n in names}
        expected = {k: (by_orm[k] if k in written else before[k]) for k in before}
        assert _row(ChainStep, step.pk) == expected


def test_a_missing_row_is_an_error_as_with_the_orm(staff_a):
    step = ChainStep.objects.filter(trip=submitted_at_level(staff_a, "province")).first()
    ChainStep.objects.filter(pk=step.pk).delete()
    with pytest.raises(DatabaseError):
        step.save(update_fields=["note"])
    with pytest.raises(DatabaseError):
        rawsave.update(step, ["note"])


def test_a_model_someone_listens_to_is_saved_by_the_orm(staff_a):
    trip = submitted_at_level(staff_a, "province")
    heard = []

    def listen(sender, instance, created, **kwargs):
        heard.append((instance.pk, created, kwargs.get("update_fields")))

    assert not rawsave._heard(TripTransition) and not rawsave._heard(ChainStep)
    post_save.connect(listen, sender=TripTransition)
    post_save.connect(listen, sender=ChainStep)
    try:
        row = rawsave.insert(_history(random.Random(1), trip, [None]))
        step = ChainStep.objects.filter(trip=trip).first()
        step.note = "nghe thấy"
        rawsave.update(step, ["note"])
    finally:
        post_save.disconnect(listen, sender=TripTransition)
        post_save.disconnect(listen, sender=ChainStep)
    assert heard == [(row.pk, True, None), (step.pk, False, frozenset({"note"}))]
    assert ChainStep.objects.get(pk=step.pk).note == "nghe thấy"


def test_a_documents_register_row_by_hand_equals_the_orms(staff_a):
    """The register row of an issued document (documents.issuing): its frozen content through
    Django's JSON encoder (dates, amounts), its file's name, its time of issue."""
    import decimal

    from django.core.files.base import ContentFile

    from documents.models import IssuedDocument

    rng = random.Random(7)
    issued = dt.date(2031, 4, 5)
    for number in range(1, 6):
        fields = {
            "year": 2031,
            "issuer": "UBND",
            "symbol": f"{number}/QĐ-UBND",
            "kind": rng.choice(list(IssuedDocument.Kind.values)),
            "title": rng.choice(TEXTS)[:500] or "Quyết định",
            "issued_on": issued,
            "signer": "Nguyễn Văn A",
            "signed_as": rng.choice(["", "KT.", "TM."]),
            "acting_for": rng.choice(["", "CHỦ TỊCH"]),
            "content": {
                "template": "decision",
                "document": {"on": issued, "cost": decimal.Decimal("250000000.50"), "n": number},
            },
            "is_signed": rng.choice([True, False]),
            "issued_by": staff_a,
        }
        by_orm = IssuedDocument(number=2 * number, **fields)
        by_hand = IssuedDocument(number=2 * number + 1, **fields)
        for row in (by_orm, by_hand):
            if number % 2:  # a personally signed decision is written with its file
                row.file.save("quyet-dinh.pdf", ContentFile(b"%PDF-1.7 signed"), save=False)
        by_orm.save(force_insert=True)
        rawsave.insert(by_hand)
        leave = ("id", "number", "created_at", "file")
        assert _row(IssuedDocument, by_hand.pk, leave=leave) == _row(
            IssuedDocument, by_orm.pk, leave=leave
        )
        assert _row(IssuedDocument, by_hand.pk)["created_at"] == by_hand.created_at
        assert bool(by_hand.file) == bool(by_orm.file) == bool(number % 2)
        assert _row(IssuedDocument, by_hand.pk)["file"] == by_hand.file.name
        if number % 2:
            assert by_hand.file.read() == b"%PDF-1.7 signed"


@isolate_apps("approvals")
def test_a_model_saved_its_own_way_is_saved_by_the_orm():
    """rawsave writes plain tables only: the move's history, chain and register rows; a model
    with its own save (the user's) or a proxy is left to the ORM's save."""
    from accounts.models import User
    from documents.models import IssuedDocument
    from passports.models import CustodyEvent

    class StepProxy(ChainStep):
        class Meta:
            proxy = True
            app_label = "approvals"

    for model in (TripTransition, ChainStep, IssuedDocument, CustodyEvent):
        assert rawsave._plain(model), model
    assert not rawsave._plain(User)  # AbstractBaseUser.save
    assert not rawsave._plain(StepProxy) and rawsave._heard(StepProxy)
