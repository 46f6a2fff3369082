"""The load benchmark (benchmarks/load.py), tiny: a few requests of each kind through a real
gunicorn with DEBUG off on the test database. No timing is asserted: this keeps the
benchmark runnable as the code changes (routes, logins, the fill, the prepared trips)."""

import secrets

import pytest
from django.conf import settings as django_settings

from benchmarks.load import run_load
from benchmarks.policy_check import fill

pytestmark = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="the load benchmark serves production settings: gunicorn on PostgreSQL "
    "(set DATABASE_URL; CI's PostgreSQL run has it)",
)

NAMES = [
    "trivial page (sign-in)",
    "staff trip list",
    "reviewer queue",
    "POST trips/check/ (10 members)",
    "POST trips/{id}/submit/",
    "POST trips/{id}/approve/",
]


def test_every_request_of_the_load_benchmark_answers(migration_data, settings):
    from django.db import connection

    from trips.models import TripRequest

    # gunicorn (DEBUG off) refuses the development key; it and this process must share one,
    # since the benchmark's browser sessions are made here.
    settings.SECRET_KEY = "test-" + secrets.token_urlsafe(64)
    fill(officials=300, trips=600)
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )

    results = run_load(
        database_url=url,
        database_name=db["NAME"],
        secret_key=settings.SECRET_KEY,
        broker_url=None,  # emails in-process (console): nothing left in a queue
        requests=3,
        seconds=120,
        clients=2,
        workers=1,
        warm=1,
    )

    assert [r["name"] for r in results] == NAMES
    for result in results:
        assert result["requests"] == 3 and not result["errors"], result
    # Submit and approve really happened, to the trips the benchmark prepared.
    assert TripRequest.objects.filter(title__endswith="(benchmark)", status="approved").count() == 4
