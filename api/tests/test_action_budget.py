"""A workflow action through the API (issue 26): its move opens in the view, which reads the
request locked with its members, checks who may on that row and hands it to the service
(core.workflow.move); the answer is read from what the move kept current. The request costs
the same for 1 and 10 members, and its answer is what a read afterwards shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.tests.test_chain_budget import GOAL, _ready

pytestmark = pytest.mark.django_db


def _budgets():
    # The token and the caller's roles (2), then the service's own (portal/tests/
    # test_chain_budget.py) with no read of its own of the request. On PostgreSQL the
    # statistics' re-count is one statement (analytics.summary._execute): issue 26's goal.
    if connection.vendor == "postgresql":
        return 22, 24
    return 23, 27


def _client(user):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _taken(client, trip, action, body=None):
    """(answer, statements as production sends them): the test's transaction makes the
    move's a savepoint, two statements more."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/trips/{trip.pk}/{action}/", body, format="json")
    assert response.status_code == 200, response.content
    sql = [q["sql"] for q in queries]
    assert sum(s.startswith("SAVEPOINT") for s in sql) == 1, sql  # one move, one transaction
    return response.json(), len(sql) - 2


def test_submit_and_approve_through_the_api_read_the_request_once(staff_a, head_a):
    staff, head = _client(staff_a), _client(head_a)
    warm = _ready(staff_a, 1)  # the first pays what a process reads once
    _taken(staff, warm, "submit"), _taken(head, warm, "approve", {"note": ""})
    small, large = _ready(staff_a, 1), _ready(staff_a, 10)
    submitted = [_taken(staff, trip, "submit")[1] for trip in (small, large)]
    approved = [_taken(head, trip, "approve", {"note": ""})[1] for trip in (small, large)]
    submit_budget, approve_budget = _budgets()
    assert submitted == [submit_budget] * 2 and approved == [approve_budget] * 2
    if connection.vendor == "postgresql":
        assert max(submit_budget, approve_budget) <= GOAL


@pytest.mark.parametrize(
    "moves",
    [
        [("submit", None), ("approve", {"note": "Đồng ý"})],
        [("submit", None), ("return", {"reason": "Bổ sung"}), ("submit", None)],
        [("submit", None), ("reject", {"reason": "Không phù hợp"})],
        [("submit", None), ("withdraw", {"reason": "Đổi kế hoạch"})],
        [("submit", None), ("approve", {"note": ""}), ("cancel", {"reason": "Hoãn chuyến"})],
    ],
)
def test_an_actions_answer_is_what_a_read_afterwards_shows(staff_a, head_a, moves):
    staff, head = _client(staff_a), _client(head_a)
    trip = _ready(staff_a, 3)
    for action, body in moves:
        client = head if action in ("approve", "return", "reject") else staff
        answer, _ = _taken(client, trip, action, body)
        read = client.get(f"/api/v1/trips/{trip.pk}/")
        assert read.status_code == 200
        assert answer == read.json(), action


@pytest.mark.parametrize("level", ["province", "standing_committee"])
def test_along_the_province_chain_each_answer_is_what_a_read_shows(staff_a, reviewer, level):
    from django.utils import timezone

    from approvals.tests.chain_helpers import decider_user, submitted_at_level

    trip = submitted_at_level(staff_a, level)
    decider = decider_user(username="decider")
    opinion = {"agreed": True, "reference": "12-CV/TU", "dated": str(timezone.localdate())}
    moves = [(reviewer, "appraise", {"opinion": "approve", "note": "Đủ điều kiện"})]
    if level == "standing_committee":
        moves.append((reviewer, "party-opinion", opinion))
    moves.append((decider, "approve", {"note": "Đồng ý"}))
    for user, action, body in moves:
        client = _client(user)
        answer, _ = _taken(client, trip, action, body)
        assert answer == client.get(f"/api/v1/trips/{trip.pk}/").json(), action
    assert answer["status"] == "approved" and answer["next_step"] is None
