"""authority.signing_capacity._head_and_held reads `body_positions` by hand: on random
bodies, heads, deputies and holders (vacant, ended, future, inactive, several of a kind), the
head's title and the positions held on a day equal those read through the ORM's definition."""

import datetime as dt
import random

import pytest

from accounts.tests.factories import UserFactory
from authority import signing_capacity
from authority.models import Body, Position

pytestmark = pytest.mark.django_db
K = Position.Kind


def _through_the_orm(body, actor, day):
    positions = list(signing_capacity.body_positions(body, actor))
    head = next((p.title for p in positions if p.kind == K.HEAD), None)
    held = {}
    for position in sorted(positions, key=lambda p: p.pk):
        if position.holder_id == actor.pk and position.is_held_on(day):
            held[position.kind] = position.title.upper()
    return (head or signing_capacity.HEAD_UNKNOWN).upper(), held


@pytest.mark.parametrize("seed", range(3))
def test_it_equals_the_orms_answer(seed):
    rng = random.Random(seed)
    people = [UserFactory(is_active=rng.random() > 0.2) for _ in range(5)]
    bodies = list(Body.objects.order_by("id"))  # the province and the Department, seeded
    for _ in range(30):
        starts = dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(-400, 200))
        Position.objects.create(
            body=rng.choice(bodies),
            kind=rng.choice(K.values),
            title=rng.choice(["Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Chánh Văn phòng"]),
            holder=rng.choice([None, *people]),
            starts_on=starts,
            ends_on=rng.choice([None, starts + dt.timedelta(days=rng.randint(0, 300))]),
        )
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(-200, 200, 37)]
    cases = [(body, actor, day) for body in bodies for actor in people for day in days]
    by_hand = [signing_capacity._head_and_held(*case) for case in cases]
    assert by_hand == [_through_the_orm(*case) for case in cases]
    assert any(held for _, held in by_hand) and len(bodies) == 2
