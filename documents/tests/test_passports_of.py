"""documents.contexts.passports_of, the hand-written read of a delegation's passports for its
document's parties, keeps what the ORM reads (every column, by kind then as registered), and
the parties' passport kinds come out as they did from the ORM's prefetch: random holders of
none, one or several passports of each kind, status and expiry."""

import datetime as dt
import random

import pytest

from agencies.tests.factories import OfficialFactory
from documents.contexts import passport_kind_of, passports_of
from passports.models import Passport
from passports.tests.factories import PassportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", range(3))
def test_it_keeps_what_the_orm_reads(seed):
    rng = random.Random(seed)
    people = [OfficialFactory() for _ in range(8)]
    for _ in range(20):
        PassportFactory(
            official=rng.choice(people[1:]),  # the first holds none
            kind=rng.choice(Passport.Kind.values),
            status=rng.choice(Passport.Status.values),
            expires_on=dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(-400, 400)),
        )
    ids = [p.pk for p in people]
    ours = passports_of(ids)
    assert list(ours) == ids and ours[people[0].pk] == []
    for person in people:
        theirs = list(Passport.objects.filter(official=person).order_by("kind", "id"))
        assert [p.pk for p in ours[person.pk]] == [p.pk for p in theirs]
        for mine, other in zip(ours[person.pk], theirs, strict=True):
            for field in Passport._meta.concrete_fields:
                assert getattr(mine, field.attname) == getattr(other, field.attname), field.name
        for is_business in (True, False):
            assert passport_kind_of(ours[person.pk], is_business=is_business) == passport_kind_of(
                theirs, is_business=is_business
            )
    assert passports_of([]) == {}
