import datetime as dt

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Substitution, User
from accounts.roles import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Người dùng"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.gov.vn")
    password = factory.django.Password("mat-khau-thu-nghiem-2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get(name=Role(role).value))


def staff_of(agency, **kwargs):
    return UserFactory(agency=agency, roles=[Role.AGENCY_STAFF], **kwargs)


def random_substitutions(rng, people, count, start_day, *, longest=30):
    """`count` substitutions between random pairs of `people`, each starting on
    `start_day(rng)` and lasting up to `longest` days, a third of them revoked: the random
    data the hand-written SQL's equivalence tests run on."""
    for _ in range(count):
        principal, substitute = rng.sample(people, 2)
        starts = start_day(rng)
        Substitution.objects.create(
            principal=principal,
            substitute=substitute,
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=rng.randint(0, longest)),
            created_by=people[0],
            revoked_at=rng.choice([None, None, timezone.now()]),
        )
