"""documents.issuing.latest, the hand-written read of the document a new one cites, answers as
the ORM's definition (`latest_documents(...).first()`) on random registers: several kinds and
trips, documents issued at the same instant, a trip with none."""

import datetime as dt
import random

import pytest

from accounts.tests.factories import UserFactory
from documents.issuing import latest, latest_documents
from documents.models import IssuedDocument
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
Kind = IssuedDocument.Kind


@pytest.mark.parametrize("seed", range(3))
def test_it_equals_the_orms_answer(seed):
    rng = random.Random(seed)
    actor = UserFactory()
    trips = [TripFactory() for _ in range(5)]
    instants = [dt.datetime(2027, 3, day, 8, tzinfo=dt.UTC) for day in (1, 1, 2, 3)]
    for number in range(1, 41):
        document = IssuedDocument.objects.create(
            year=2027, issuer=rng.choice(["UBND", "SNV"]), number=number, symbol=f"{number}/QĐ",
            kind=rng.choice([Kind.PROPOSAL, Kind.DECISION, Kind.PERMISSION]), title="T",
            issued_on=dt.date(2027, 3, rng.randint(1, 28)), signer="A", issued_by=actor,
            trip=rng.choice(trips[1:]),  # the first has none
        )  # fmt: skip
        # auto_now_add: the instant is set after, some shared (the id breaks the tie).
        IssuedDocument.objects.filter(pk=document.pk).update(created_at=rng.choice(instants))
    for trip in trips:
        for kind in Kind.values:
            ours, orms = latest(trip, kind), latest_documents(trip, kind).first()
            if orms is None:
                assert ours is None
                continue
            assert (ours.pk, ours.symbol, ours.issued_on) == (orms.pk, orms.symbol, orms.issued_on)
            assert ours.trip is trip and isinstance(ours.issued_on, dt.date)
    assert any(latest(trip, Kind.DECISION) for trip in trips)
