"""`make load` runs on a copy of its filled database (benchmarks.policy_check.database_copy):
what a run writes is gone with the copy, so one run never skews the next."""

import os

import psycopg2
import pytest
from django.db import connection

from benchmarks.policy_check import database_copy, ensure_database
from benchmarks.tests.databases import drop, url_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _rows(url):
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM filled")
        count = cursor.fetchone()[0]
    conn.close()
    return count


def test_a_run_writes_to_a_copy_that_is_dropped_after(migration_data):
    name = f"{connection.settings_dict['NAME']}_filled_{os.getpid()}"  # its own, never shared
    url = url_of(name)
    ensure_database(url)
    try:
        with psycopg2.connect(url) as conn, conn.cursor() as cursor:
            cursor.execute("CREATE TABLE filled (n int); INSERT INTO filled VALUES (1)")
        conn.close()
        with database_copy(url) as copy_url:
            assert copy_url != url and _rows(copy_url) == 1
            with psycopg2.connect(copy_url) as conn, conn.cursor() as cursor:
                cursor.execute("INSERT INTO filled VALUES (2)")  # what a run writes
            conn.close()
            assert _rows(copy_url) == 2
        assert _rows(url) == 1
        with pytest.raises(psycopg2.OperationalError):  # the copy is gone
            psycopg2.connect(copy_url).close()
    finally:
        drop(name)


def test_a_user_named_as_the_database_keeps_its_name():
    from benchmarks.policy_check import _other_database

    url = "postgres://travelmgmt:secret@db:5432/travelmgmt?sslmode=require"
    assert _other_database(url, "travelmgmt_run_1") == (
        "postgres://travelmgmt:secret@db:5432/travelmgmt_run_1?sslmode=require"
    )
