"""What keeping the statistics' summary (analytics/summary.py) costs the workflow: the
queries of its re-counts during a submission and an approval, the same for 1 or 10 members."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics import summary
from analytics.models import TripContribution
from approvals import services
from trips.tests.helpers import JUSTIFIED, draft_trip

pytestmark = pytest.mark.django_db


def _upkeep(monkeypatch):
    """A list that each re-count appends its query count to."""
    counts, refresh = [], summary._refresh

    def counted(trip_id, locked=False):
        with CaptureQueriesContext(connection) as queries:
            refresh(trip_id, locked)
        counts.append(len(queries))

    monkeypatch.setattr(summary, "_refresh", counted)
    return counts


def _ready(staff, n):
    trip = draft_trip(staff, n)
    trip.justifications = {f["code"]: JUSTIFIED for f in trip.findings if f["severity"] == "warn"}
    trip.save(update_fields=["justifications"])
    return trip


@pytest.mark.parametrize("members", [1, 10])
def test_the_upkeep_of_a_submission_and_an_approval(monkeypatch, staff_a, head_a, members):
    trip = _ready(staff_a, members)
    counts = _upkeep(monkeypatch)
    trip = services.trip_submit(trip=trip, actor=staff_a)
    submit, counts[:] = list(counts), []
    services.trip_approve(trip=trip, actor=head_a)
    approve = list(counts)
    print("upkeep queries: submit", submit, "approve", approve)
    assert (sum(submit), sum(approve)) == _expected()
    assert TripContribution.objects.get(pk=trip.pk).rows["officials"]  # counted now


def _expected():
    # A read of the trip's figures, then the upserts and its ledger: one statement on
    # PostgreSQL (summary._execute), one a table elsewhere.
    if connection.vendor == "postgresql":
        return 2, 2
    return 3, 5


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgresql_runs_the_with_clauses_last_to_first_after_the_main_statement():
    """What summary._execute relies on for the tables' order (officials, trips, tally in
    every re-count, as one by one on SQLite): a change of PostgreSQL's would show here."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE written (n serial, tag text)")
        summary._execute([(f"INSERT INTO written (tag) VALUES ('{tag}')", []) for tag in "abc"])
        cursor.execute("SELECT tag FROM written ORDER BY n")
        assert [tag for (tag,) in cursor.fetchall()] == ["c", "a", "b"]
