"""documents.services.title_held_in_agency, the hand-written read of the title a submitter
signs a proposal with, answers as the ORM's definition (`titles_held_in_agency(...).first()`)
on random positions: several agencies' bodies and the province's, vacant, ended and future
positions, two positions of one person, inactive accounts."""

import datetime as dt
import random

import pytest

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from authority.models import Body, Position
from authority.selectors import body_for_agency
from documents.services import title_held_in_agency, titles_held_in_agency

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("seed", range(3))
def test_it_equals_the_orms_answer(seed):
    rng = random.Random(seed)
    agencies = [AgencyFactory() for _ in range(3)]
    bodies = [body_for_agency(agency) for agency in agencies] + [Body.objects.province()]
    people = [UserFactory(is_active=rng.random() > 0.2) for _ in range(6)]
    for _ in range(30):
        starts = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(-400, 200))
        Position.objects.create(
            body=rng.choice(bodies),
            kind=rng.choice(Position.Kind.values),
            title=rng.choice(["Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng"]),
            holder=rng.choice([None, *people]),
            starts_on=starts,
            ends_on=rng.choice([None, starts + dt.timedelta(days=rng.randint(0, 300))]),
        )
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(-200, 200, 29)]
    cases = [(p, a.pk, day) for p in people for a in agencies for day in days]
    by_hand = [title_held_in_agency(*case) for case in cases]
    assert by_hand == [titles_held_in_agency(*case).first() for case in cases]
    assert any(by_hand) and None in by_hand
