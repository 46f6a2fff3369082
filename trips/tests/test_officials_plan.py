"""The officials lookups of the facts step and of the approval lock read by index only: at a
province's scale a sequential scan of every official cost 11-28 ms per check (issue 17)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks import policy_check
from trips.policy import PolicyConfig
from trips.policy.facts import load_facts

pytestmark = pytest.mark.postgres


@pytest.fixture
def province(db):
    """5 000 officials in 50 agencies (two key leaders each), analysed."""
    policy_check.fill(officials=5_000, trips=2_000, agencies=50, verbose=False)


def plans(queries) -> str:
    text = []
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip("( \n").upper().startswith("SELECT"):
                cursor.execute(f"EXPLAIN {query['sql']}")
                text += [row[0] for row in cursor.fetchall()]
    return "\n".join(text)


def test_the_facts_step_reads_officials_by_index_only(province):
    data = policy_check.delegation()  # a key leader heads ten of the agency's officials
    with CaptureQueriesContext(connection) as queries:
        facts = load_facts(data, config=PolicyConfig.from_settings())
    assert len(facts.officials) == 10
    assert len(queries) <= 7  # the facts step's fixed budget
    officials_queries = [q for q in queries if "agencies_official" in q["sql"]]
    plan = plans(officials_queries)
    assert "agencies_official" in plan and "Seq Scan on agencies_official" not in plan, plan


def test_the_approval_lock_reads_officials_by_index_only(province):
    """A decision step's rules lock the people as they read them (one query, not two)."""
    data = policy_check.delegation()
    with CaptureQueriesContext(connection) as queries:
        facts = load_facts(data, config=PolicyConfig.from_settings(), lock=True)
    assert len(facts.officials) == 10
    (lock,) = [q for q in queries if "FOR UPDATE" in q["sql"]]
    plan = plans([lock])
    assert "FROM agencies_official o WHERE o.id IN" in lock["sql"]
    assert "Seq Scan on agencies_official" not in plan, plan


def test_the_facts_step_looks_up_reports_per_trip_not_the_provinces(province):
    """Whether a member's report is filed: looked up by the report's trip, never every filed
    report of the province hashed (it grows with the years on record)."""
    data = policy_check.delegation()
    with CaptureQueriesContext(connection) as queries:
        load_facts(data, config=PolicyConfig.from_settings())
    (memberships,) = [q for q in queries if "reports_posttripreport" in q["sql"]]
    plan = plans([memberships])
    assert "reports_posttripreport_trip_id_key" in plan and "hashed SubPlan" not in plan, plan
    assert "Seq Scan on reports_posttripreport" not in plan, plan
