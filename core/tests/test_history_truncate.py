"""History is append-only in PostgreSQL against TRUNCATE too; the suite's flush still works."""

import pytest
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from core.history import append_only_tables
from trips.models import TripTransition
from trips.tests.helpers import draft_trip

HISTORY_TABLES = [
    "agencies_transfer",
    "authority_authoritychange",  # the administrator's changes of bodies, positions, authorities
    "documents_signingcredentialevent",  # a signing credential's life (issue 24)
    "passports_custodyevent",
    "plans_plantransition",
    "reports_reporttransition",
    "trips_policychange",  # the administrator's changes of the policy (issue 28)
    "trips_triptransition",
]
pytestmark = pytest.mark.postgres


@pytest.mark.django_db
def test_every_history_table_has_the_truncate_trigger():
    assert append_only_tables(connection) == HISTORY_TABLES
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = c.relname || '_append_only_truncate_trg' ORDER BY c.relname"
        )
        assert [row[0] for row in cursor.fetchall()] == HISTORY_TABLES


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sql",
    [f"TRUNCATE {table}" for table in HISTORY_TABLES]
    + [
        "TRUNCATE trips_triprequest CASCADE",  # the history of trips goes with them
        "TRUNCATE accounts_user CASCADE",  # every history row names its actor
    ],
)
def test_truncate_is_refused(staff_a, sql):
    draft_trip(staff_a)  # one history row at least (the trigger refuses an empty table too)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks left pending
        with pytest.raises(DatabaseError, match="is append-only: TRUNCATE refused"):
            with transaction.atomic():
                cursor.execute(sql)
    assert TripTransition.objects.exists()


@pytest.mark.django_db
def test_only_a_session_that_says_so_may_truncate(staff_a):
    draft_trip(staff_a)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL travelmgmt.allow_history_truncate = 'off'")
        with pytest.raises(DatabaseError), transaction.atomic():
            cursor.execute("TRUNCATE trips_triptransition CASCADE")
    assert TripTransition.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_test_flush_still_empties_history(migration_data, staff_a):  # as test_broker_down's
    # What pytest-django's flush after a transactional test runs (conftest.py lets it say so).
    draft_trip(staff_a)
    assert TripTransition.objects.exists()
    sql = connection.ops.sql_flush(no_style(), HISTORY_TABLES, allow_cascade=True)
    connection.ops.execute_sql_flush(sql)
    assert not TripTransition.objects.exists()
