"""The one check of every move (approvals.chain._holds_or_substitutes) and the people a move
tells of the step it opens (approvals.chain.step_takers), written in SQL for their cost,
answer as the ORM's definitions do (Position.objects.held_on, Substitution.objects
.active_on): on random positions, substitutions, accounts and days, on SQLite and PostgreSQL."""

import datetime as dt
import random

import pytest

from accounts.models import Substitution, User
from accounts.tests.factories import UserFactory, random_substitutions
from approvals.chain import _holds_or_substitutes, step_takers
from approvals.models import ChainStep
from authority.models import Body, Position
from authority.selectors import holders_of

pytestmark = pytest.mark.django_db
K = Position.Kind
DAY0 = dt.date(2027, 3, 1)


def _day(rng, spread=40):
    return DAY0 + dt.timedelta(days=rng.randint(-spread, spread))


def _by_the_orm(user, step, day):
    allowed = holders_of(step.body_id, step.kind_list, day)
    substitution = (
        Substitution.objects.active_on(day)
        .filter(substitute=user, principal__in=allowed.values("holder_id"))
        .order_by("id")
        .first()
    )
    return allowed.filter(holder=user).exists(), substitution


def _takers_by_the_orm(step, day):
    holders = holders_of(step.body_id, step.kind_list, day).values("holder_id")
    substitutes = Substitution.objects.active_on(day).filter(principal__in=holders)
    people = User.objects.filter(is_active=True).filter(
        pk__in=[
            *holders.values_list("holder_id", flat=True),
            *substitutes.values_list("substitute_id", flat=True),
        ]
    )
    return set(people.values_list("pk", flat=True))


def _random_province(rng):
    bodies = [Body.objects.department(), Body.objects.province()]
    people = UserFactory.create_batch(6)
    for person in rng.sample(people, 2):
        person.is_active = False
        person.save(update_fields=["is_active"])
    kinds = [K.HEAD, K.DEPUTY, K.APPRAISER, K.ACTING_HEAD]
    for _ in range(24):
        starts = _day(rng)
        Position.objects.create(
            body=rng.choice(bodies),
            kind=rng.choice(kinds),
            title="Chức vụ",
            holder=rng.choice([*people, None]),
            starts_on=starts,
            ends_on=rng.choice([None, starts + dt.timedelta(days=rng.randint(0, 30))]),
        )
    random_substitutions(rng, people, 24, _day)
    return bodies, people, kinds


def _random_step(rng, bodies, kinds):
    wanted = rng.sample(kinds, rng.randint(1, 3))
    return ChainStep(body=rng.choice(bodies), kinds=ChainStep.joined(wanted))


def test_holds_or_substitutes_answers_as_the_orm_definitions():
    rng = random.Random(26)
    bodies, people, kinds = _random_province(rng)
    answers = set()
    for _ in range(400):
        step = _random_step(rng, bodies, kinds)
        user, day = rng.choice(people), _day(rng, 50)
        expected = _by_the_orm(user, step, day)
        assert _holds_or_substitutes(user, step, day) == expected, (user, step.kinds, day)
        answers.add((expected[0], expected[1] is not None))
    # Every kind of answer came up: holds, substitutes, both, neither.
    assert answers == {(True, True), (True, False), (False, True), (False, False)}


def test_the_takers_of_a_step_are_the_orm_definitions_holders_and_substitutes():
    rng = random.Random(27)
    bodies, _people, kinds = _random_province(rng)
    sizes = set()
    for _ in range(200):
        step, day = _random_step(rng, bodies, kinds), _day(rng, 50)
        expected = _takers_by_the_orm(step, day)
        assert set(step_takers(step, day).values_list("pk", flat=True)) == expected, day
        sizes.add(min(len(expected), 2))
    assert sizes == {0, 1, 2}  # nobody, one, several
