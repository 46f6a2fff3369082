import datetime as dt

import factory

from agencies.models import Agency, DisciplinaryReview, Official


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"agency-{n}")
    name = factory.Sequence(lambda n: f"Sở thứ {n}")
    kind = Agency.Kind.DEPARTMENT


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    agency = factory.SubFactory(AgencyFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    gender = Official.Gender.MALE
    position = "Chuyên viên"
    service_start_date = dt.date(2020, 6, 1)
    leave_base_days = 12


class DisciplinaryReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisciplinaryReview

    official = factory.SubFactory(OfficialFactory)
    kind = DisciplinaryReview.Kind.ADMINISTRATIVE
    opened_on = dt.date(2026, 1, 5)
