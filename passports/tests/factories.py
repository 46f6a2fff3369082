import datetime as dt

import factory

from agencies.tests.factories import OfficialFactory
from passports.models import Passport


class PassportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passport

    official = factory.SubFactory(OfficialFactory)
    kind = Passport.Kind.ORDINARY
    number = factory.Sequence(lambda n: f"C{n:07d}")
    issued_on = dt.date(2022, 1, 1)
    expires_on = dt.date(2032, 1, 1)
