"""CI's PostgreSQL run (TEST_SCOPE=database, conftest.py) leaves out the tests that use no
database: it must never leave out one that only that run can run (PostgreSQL, a broker)."""

import pytest

from conftest import uses_the_database


def test_every_test_that_needs_postgresql_or_a_broker_is_kept_by_the_database_scope(request):
    needing = [
        item
        for item in request.session.items
        if item.get_closest_marker("postgres") or item.get_closest_marker("celery_worker")
    ]
    if not needing:
        pytest.skip("run with the whole suite (or the tests marked postgres or celery_worker)")
    assert [item.nodeid for item in needing if not uses_the_database(item)] == []


def test_a_test_without_the_database_is_left_out_and_one_with_it_kept(request):
    assert not uses_the_database(request.node)  # this one asks for no database
    with_db = [item for item in request.session.items if "db" in item.fixturenames]
    if not with_db:
        pytest.skip("run with a test that uses the database")
    assert uses_the_database(with_db[0])
