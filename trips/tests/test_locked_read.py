"""A move reads its request locked by hand around the queryset's own WHERE (trips.locked):
for every kind of caller's scope, the rows, their fields and their agencies equal the ORM's
read; the row is locked FOR UPDATE of the request only, in one statement; a queryset of
another shape is read by the ORM."""

import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from accounts.tests.factories import UserFactory
from approvals.services.decisions import read_for_move
from trips.locked import _by_hand
from trips.models import TripRequest
from trips.selectors import trips_visible_to
from trips.services.common import locked_rows
from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db
Status = TripRequest.Status


def _fields(obj):
    return {k: v for k, v in obj.__dict__.items() if not k.startswith("_")}


def _read(rows):
    return sorted(((_fields(t), _fields(t.agency)) for t in rows), key=lambda r: r[0]["id"])


@pytest.fixture
def callers(staff_a, staff_b, reviewer, head_a, custodian, administrator, outsider, agency_b):
    both = UserFactory(username="both", agency=agency_b, roles=[Role.AGENCY_STAFF, Role.CUSTODIAN])
    return [staff_a, staff_b, reviewer, head_a, custodian, administrator, outsider, both,
            AnonymousUser()]  # fmt: skip


@pytest.mark.parametrize("seed", range(2))
def test_each_scope_reads_what_the_orm_reads(staff_a, staff_b, callers, seed):
    rng = random.Random(seed)
    trips = [draft_trip(rng.choice([staff_a, staff_b]), n=rng.randint(1, 3)) for _ in range(8)]
    for trip in trips:  # the columns the scopes read, at random
        status = rng.choice(Status.values)
        submitted = None if status == Status.DRAFT and rng.random() < 0.8 else timezone.now()
        TripRequest.objects.filter(pk=trip.pk).update(status=status, submitted_at=submitted)
    seen = 0
    for user in callers:
        scope = trips_visible_to(user)
        with transaction.atomic():
            assert _by_hand(locked_rows(scope).order_by()) is not None, user  # not the ORM's
            assert _read(locked_rows(scope).order_by()) == _read(
                scope.select_related("agency").order_by()
            ), user
            for trip in trips:
                by_hand = list(read_for_move(scope).filter(pk=trip.pk).order_by()[:21])
                orm = list(scope.select_related("agency").filter(pk=trip.pk))
                assert _read(by_hand) == _read(orm), (user, trip.pk)
                seen += len(by_hand)
                if by_hand:  # with the members, as a move reads them
                    assert by_hand[0].members_read() is not None
    assert 0 < seen < len(trips) * len(callers)


def test_one_statement_locks_the_request_only(staff_a):
    trip = draft_trip(staff_a)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        read = locked_rows(trips_visible_to(staff_a)).get(pk=trip.pk)
    [sql] = [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    assert read.agency.name == staff_a.agency.name  # the agency came with it
    table = connection.ops.quote_name("trips_triprequest")
    if connection.features.has_select_for_update_of:
        assert sql.endswith(f"LIMIT 21 FOR UPDATE OF {table}")
    else:
        assert "FOR UPDATE" not in sql


def test_outside_a_transaction_the_orm_refuses_as_before(staff_a, monkeypatch):
    rows = locked_rows(trips_visible_to(staff_a)).order_by()
    with transaction.atomic():
        assert _by_hand(rows) is not None
    monkeypatch.setattr(connection, "get_autocommit", lambda: True)  # the test's own is open
    assert _by_hand(rows) is None  # the ORM's read: TransactionManagementError on PostgreSQL


def test_another_shape_is_the_orms_read(staff_a):
    trip, other = draft_trip(staff_a), draft_trip(staff_a)
    ordered = locked_rows(trips_visible_to(staff_a)).order_by("id")
    heads = TripRequest.objects.filter(
        members__is_head=True, members__official__agency=staff_a.agency
    )
    joined = locked_rows(heads)  # one head a request: a row each
    with transaction.atomic():
        assert _by_hand(ordered) is None and _by_hand(joined.order_by()) is None
        assert [t.pk for t in ordered] == [trip.pk, other.pk]
        assert sorted(t.pk for t in joined.order_by()) == [trip.pk, other.pk]
