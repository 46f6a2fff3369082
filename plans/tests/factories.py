import factory

from agencies.tests.factories import AgencyFactory
from plans.models import AnnualPlan, PlanLine


class AnnualPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualPlan

    agency = factory.SubFactory(AgencyFactory)
    year = 2027
    status = AnnualPlan.Status.APPROVED
    created_by = factory.SubFactory("accounts.tests.factories.UserFactory")


class PlanLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanLine

    plan = factory.SubFactory(AnnualPlanFactory)
    title = factory.Sequence(lambda n: f"Xúc tiến đầu tư {n}")
    countries = ["JP"]
    budget_vnd = 100_000_000
