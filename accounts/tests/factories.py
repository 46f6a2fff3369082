import factory
from django.contrib.auth.models import Group

from accounts.models import User
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
