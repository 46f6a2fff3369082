"""trips.policy.store.stored_policy, the hand-written read of the policy stored with a
request's latest submission, answers as the ORM's definition (`submitted_policy`) on random
histories: never submitted, resubmitted after a return, later rows of other statuses that
also carry a policy, an empty policy."""

import random

import pytest

from trips.models import TripTransition
from trips.policy.store import config_at_submission, stored_policy, submitted_policy
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db

STATUSES = ["draft", "submitted", "returned", "appraised", "approved", "rejected"]


@pytest.mark.parametrize("seed", range(3))
def test_it_equals_the_orms_answer(seed):
    rng = random.Random(seed)
    trips = [TripFactory() for _ in range(8)]
    for _ in range(40):
        trip = rng.choice(trips[1:])  # the first keeps no history
        TripTransition.objects.create(
            trip=trip,
            from_status=rng.choice(STATUSES),
            to_status=rng.choice(STATUSES),
            action="",
            policy=rng.choice(
                [
                    {},
                    {"max_delegation_size": rng.randint(5, 20)},
                    {"report_due_working_days": 9, "x": [1, "ă"]},
                ]
            ),
        )
    answers = {trip.pk: stored_policy(trip.pk) for trip in trips}
    assert answers == {trip.pk: submitted_policy(trip.pk).first() for trip in trips}
    assert answers[trips[0].pk] is None and any(answers.values())


def test_a_decision_applies_the_threshold_stored_at_the_latest_submission():
    trip = TripFactory()
    for limit, status in [(7, "submitted"), (12, "returned"), (9, "submitted"), (4, "approved")]:
        TripTransition.objects.create(
            trip=trip,
            from_status="",
            to_status=status,
            action="",
            policy={"max_delegation_size": limit},
        )
    assert config_at_submission(trip).max_delegation_size == 9
