"""A user's roles are read by hand-written SQL (User._role_names_on): held equal to the ORM's
definition on random groups, substitutions, accounts and days, on SQLite and PostgreSQL."""

import datetime as dt
import random

import pytest
from django.contrib.auth.models import Group
from django.db.models import Q

from accounts.models import User
from accounts.roles import CHAIN_ROLES, Role
from accounts.tests.factories import UserFactory, random_substitutions

pytestmark = pytest.mark.django_db

START = dt.date(2026, 1, 1)


def role_names_by_orm(user, day) -> set[str]:
    """The definition: own groups, or a chain role's group whose active member has named
    `user` as substitute, not revoked, on `day`."""
    acting = Q(
        name__in=[r.value for r in CHAIN_ROLES],
        user__is_active=True,
        user__substituted_by__substitute=user,
        user__substituted_by__revoked_at__isnull=True,
        user__substituted_by__starts_on__lte=day,
        user__substituted_by__ends_on__gte=day,
    )
    return set(Group.objects.filter(Q(user=user) | acting).values_list("name", flat=True))


def _day(rng, span=60):
    return START + dt.timedelta(days=rng.randint(0, span))


def test_the_roles_are_the_orm_definitions_own_groups_and_substituted_chain_roles():
    rng = random.Random(28)
    groups = {role: Group.objects.get(name=role.value) for role in Role}
    people = UserFactory.create_batch(8)
    for person in people:
        person.groups.add(*(groups[r] for r in rng.sample(list(Role), rng.randint(0, 3))))
    for person in rng.sample(people, 2):
        person.is_active = False
        person.save(update_fields=["is_active"])
    random_substitutions(rng, people, 30, _day, longest=20)
    substituting = 0
    for _ in range(200):
        user, day = User.objects.get(pk=rng.choice(people).pk), _day(rng, 80)
        expected = role_names_by_orm(user, day)
        assert user._role_names_on(day) == expected, (user.username, day)
        substituting += bool(expected - user.own_role_names())
    assert substituting > 10  # the random data reached the substitutes' branch
