"""approvals.chain.read_chain and approvals.services.decisions.read_members, the hand-written
reads of a move, keep what the ORM's reads keep (chain_prefetch(); the members with
select_related("official__agency") in TripMember's order): every column of every step,
member, person, body, parent body, official and agency, on random chains and delegations;
read back without another query."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory, OfficialFactory
from approvals.chain import chain_prefetch, read_chain
from approvals.models import ChainStep
from approvals.services.decisions import read_members
from authority.models import Body
from authority.selectors import body_for_agency
from trips.models import TripMember, TripRequest
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db


def _same(ours, theirs, path):
    if theirs is None:
        assert ours is None, path
        return
    assert type(ours) is type(theirs), path
    for field in type(theirs)._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(theirs, field.attname), (path, field.name)


def _fresh(trip):
    return TripRequest.objects.get(pk=trip.pk)


@pytest.mark.parametrize("seed", range(3))
def test_the_chain_read_keeps_what_the_orms_keeps(seed):
    rng = random.Random(seed)
    people = [UserFactory() for _ in range(4)]
    bodies = [*Body.objects.all(), body_for_agency(AgencyFactory())]
    trips = [TripFactory() for _ in range(4)]
    at = dt.datetime(2027, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    for trip in trips[1:]:  # the first has no chain
        for round_ in (1, 2):
            for position in range(1, rng.randint(2, 4)):
                ChainStep.objects.create(
                    trip=trip, round=round_, position=position,
                    action=rng.choice(ChainStep.Action.values), kinds="head,deputy",
                    body=rng.choice([None, *bodies]), issuing_body=rng.choice([None, *bodies]),
                    collective=rng.choice([None, True, False]),
                    status=rng.choice(["pending", "approved", "returned"]),
                    opened_at=rng.choice([None, at]), actor=rng.choice([None, *people]),
                    acting_for=rng.choice([None, *people]), at=rng.choice([None, at]),
                    note=rng.choice(["", "Ý kiến"]), party_dated=rng.choice([None, at.date()]),
                    party_agreed=rng.choice([None, True, False]),
                )  # fmt: skip
    for trip in trips:
        ours, theirs = _fresh(trip), _fresh(trip)
        read_chain(ours)
        prefetch_related_objects([theirs], chain_prefetch())
        with CaptureQueriesContext(connection) as queries:
            steps = sorted(ours.chain_steps.all(), key=lambda s: s.pk)
            for step in steps:
                step.actor, step.acting_for, step.trip  # noqa: B018 -- read, not queried
                step.body and step.body.parent  # noqa: B018
        assert len(queries) == 0
        expected = sorted(theirs.chain_steps.all(), key=lambda s: s.pk)
        assert len(steps) == len(expected)
        for step, other in zip(steps, expected, strict=True):
            _same(step, other, "step")
            assert step.trip is ours
            _same(step.actor, other.actor, "actor")
            _same(step.acting_for, other.acting_for, "acting_for")
            _same(step.body, other.body, "body")
            if other.body is not None:
                _same(step.body.parent, other.body.parent, "parent")
    assert any(s.body and s.body.parent for s in ChainStep.objects.select_related("body__parent"))


@pytest.mark.parametrize("seed", range(3))
def test_the_members_read_keeps_what_the_orms_keeps(seed):
    rng = random.Random(seed)
    agencies = [AgencyFactory() for _ in range(2)]
    trips = [TripFactory() for _ in range(4)]
    for trip in trips[1:]:  # the first has no members
        people = [OfficialFactory(agency=rng.choice(agencies)) for _ in range(rng.randint(1, 5))]
        head = rng.randrange(len(people))
        for index, person in enumerate(people):
            TripMember.objects.create(trip=trip, official=person, is_head=index == head)
    ours = [_fresh(trip) for trip in trips]
    read_members(ours)
    for trip in ours:
        theirs = _fresh(trip)
        expected = list(theirs.members.select_related("official__agency"))  # TripMember's order
        with CaptureQueriesContext(connection) as queries:
            members = list(trip.members.all())
            assert trip.members_read() == members and trip.members.first() == (
                members[0] if members else None
            )
        assert len(queries) == 0
        assert [m.pk for m in members] == [m.pk for m in expected]
        for member, other in zip(members, expected, strict=True):
            _same(member, other, "member")
            _same(member.official, other.official, "official")
            _same(member.official.agency, other.official.agency, "agency")
            assert member.trip is trip
