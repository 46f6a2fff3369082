"""`migrate` waits for another host's `migrate` on PostgreSQL (an advisory lock)."""

import io
import threading

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection, connections

from core.management.commands.migrate import LOCK_KEY


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_migrate_waits_for_the_other_hosts_migrate():
    settings = connection.settings_dict
    other_host = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
    )
    other_host.autocommit = True
    other_host.cursor().execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
    finished = threading.Event()

    def migrate():
        try:
            call_command("migrate", stdout=io.StringIO(), verbosity=0)
        finally:
            connections.close_all()
            finished.set()

    thread = threading.Thread(target=migrate)
    thread.start()
    try:
        assert not finished.wait(2)  # waiting for the other host
    finally:
        other_host.cursor().execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
    assert finished.wait(60)  # then finds nothing left to apply
    thread.join()
    other_host.close()
