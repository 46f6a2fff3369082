"""authority.selectors reads an agency's body and a level's authority by hand (each submission
asks for both): what it reads equals the ORM's definition, the parent body included (or its
absence), a kind's own authority and the level's."""

import random

import pytest

from agencies.models import Agency, Official
from agencies.tests.factories import AgencyFactory
from authority import selectors
from authority.models import Authority, Body

pytestmark = pytest.mark.django_db


def _fields(obj):
    return None if obj is None else {k: v for k, v in obj.__dict__.items() if k != "_state"}


def _through_the_orm(agency):
    body = Body.objects.select_related("parent").get(agency=agency)
    return _fields(body), _fields(body.parent)


@pytest.mark.parametrize("seed", range(3))
def test_an_agencys_body_equals_the_orms(seed):
    rng = random.Random(seed)
    agencies = [AgencyFactory() for _ in range(4)]
    parents = [None, *Body.objects.filter(agency=None)]  # the province, the Department
    for index, agency in enumerate(agencies):  # the first without a parent, the second with
        parent = parents[index] if index < 2 else rng.choice(parents)
        Body.objects.filter(agency=agency).update(
            parent=parent, header=rng.choice(["", "UBND TỈNH\nSỞ A"])
        )
    for agency in Agency.objects.order_by("id"):
        body = selectors.agency_body(agency)
        assert (_fields(body), _fields(body.parent)) == _through_the_orm(agency)
        assert selectors.body_for_agency(agency) is selectors.body_for_agency(agency)
    with pytest.raises(Body.DoesNotExist):
        selectors.agency_body(Agency(pk=10**9))


@pytest.mark.parametrize("seed", range(3))
def test_a_levels_authority_equals_the_orms(seed):
    rng = random.Random(seed)
    levels, kinds = Official.ManagementLevel.values, Authority.TripKind.values
    Authority.objects.filter(level=levels[0]).delete()  # none for the level at all
    Authority.objects.get_or_create(  # a kind of its own
        level=levels[1], kind="business", defaults={"steps": [{"action": "decide"}]}
    )
    for level in levels[2:]:  # and at random elsewhere
        for kind in kinds:
            if rng.random() < 0.3:
                Authority.objects.filter(level=level, kind=kind).delete()
            elif kind and rng.random() < 0.5:
                Authority.objects.get_or_create(
                    level=level, kind=kind, defaults={"steps": [{"action": "decide"}]}
                )

    def through_the_orm(level, kind):
        rows = {a.kind: a for a in Authority.objects.filter(level=level, kind__in=[kind, ""])}
        return rows.get(kind) or rows.get("")

    found = []
    for level in levels:
        for kind in kinds:
            by_hand = selectors.authority_for(level=level, kind=kind)
            assert _fields(by_hand) == _fields(through_the_orm(level, kind)), (level, kind)
            found.append(None if by_hand is None else by_hand.kind)
    assert {None, "", "business"} <= set(found)
