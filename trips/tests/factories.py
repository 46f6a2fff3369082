import datetime as dt

import factory

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from trips.models import TripMember, TripRequest


class TripFactory(factory.django.DjangoModelFactory):
    """A trip row as it stands (any status); workflow tests go through the services."""

    class Meta:
        model = TripRequest
        skip_postgeneration_save = True

    kind = TripRequest.Kind.BUSINESS
    agency = factory.SubFactory(AgencyFactory)
    title = factory.Sequence(lambda n: f"Đoàn công tác số {n}")
    purpose = "Trao đổi kinh nghiệm quản lý"
    countries = ["JP"]
    departure_date = dt.date(2027, 6, 7)
    return_date = dt.date(2027, 6, 11)
    inviter = "Tỉnh Kanagawa"
    organiser_type = TripRequest.OrganiserType.FOREIGN_GOVERNMENT
    created_by = factory.SubFactory(UserFactory)
    status = TripRequest.Status.DRAFT

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for index, official in enumerate(extracted or []):
            TripMember.objects.create(trip=self, official=official, is_head=index == 0)
