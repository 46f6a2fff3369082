"""`manage.py migrate`, one at a time per database: several web hosts may all run it at start.

Django takes no lock of its own, so two hosts starting together could both apply the same
migration (one fails its start, or a data migration runs twice). On PostgreSQL this command
first waits for a session advisory lock held for the whole run: the second host waits for the
first, then finds nothing left to apply. SQLite has one process writing anyway.
"""

from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import connections

# pg_advisory_lock's key: any constant of this project's own (ASCII "trvlmgmt" as a bigint).
LOCK_KEY = 0x7472766C6D676D74


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        try:
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
