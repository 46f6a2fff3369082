"""The paired benchmark (benchmarks/paired_actions.py), tiny: two processes of this checkout,
each on its own copy of the test database, take turns submitting and approving. No timing is
asserted: this keeps the benchmark runnable as the code changes (the workers' settings, the
prepared trips, the routes)."""

import psycopg2
import pytest
from django.db import connection

from benchmarks.paired_actions import ROOT, paired, report
from benchmarks.policy_check import fill

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url(name):
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{name}"
    )


def test_two_checkouts_take_turns_on_copies_of_their_own(migration_data):
    fill(officials=300, trips=600)
    name = connection.settings_dict["NAME"]
    cpu = paired([ROOT, ROOT], database_url=_url(name), broker_url=None, requests=2, warm=1)

    assert {action: [len(side) for side in sides] for action, sides in cpu.items()} == {
        "submit": [2, 2],
        "approve": [2, 2],
    }
    assert all(ms > 0 for sides in cpu.values() for side in sides for ms in side)
    assert "paired difference median" in report([ROOT, ROOT], cpu)
    # The copies are gone; what the runs wrote never reached the test's database.
    admin = psycopg2.connect(_url("postgres"))
    with admin.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname LIKE %s", [f"{name}_run_%"])
        assert cursor.fetchone()[0] == 0
    admin.close()
    from trips.models import TripRequest

    assert not TripRequest.objects.filter(title__endswith="(benchmark)").exists()
