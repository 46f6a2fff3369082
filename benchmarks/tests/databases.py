"""Databases of a benchmark test's own, beside the test database on the same server."""

import psycopg2
from django.conf import settings


def url_of(name: str) -> str:
    """The URL of database `name` on the test database's server."""
    db = settings.DATABASES["default"]
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


def drop(name: str) -> None:
    """Drop database `name`, one the test itself created (sessions left on it closed)."""
    admin = psycopg2.connect(url_of("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()
