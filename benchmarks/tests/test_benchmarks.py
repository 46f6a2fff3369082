"""The benchmarks, tiny: they must keep running against the current schema (no timing
asserted). On SQLite by default, on PostgreSQL when DATABASE_URL says so."""

from accounts.models import User
from benchmarks import policy_check


def test_the_policy_benchmark_fills_and_checks(db):
    policy_check.fill(officials=300, trips=600, agencies=3, verbose=False)
    data = policy_check.delegation()
    figures = policy_check.time_check(data, runs=3, warm_up=1)
    assert len(data.members) == 10 and figures["queries"] <= 8


def test_the_sweep_benchmark_runs_twice_and_the_second_run_sends_nothing(db, eager_tasks):
    policy_check.fill(officials=300, trips=600, agencies=3, verbose=False)
    User.objects.filter(username="benchmark-reviewer").update(is_active=True, email="a@b.invalid")
    first, second = policy_check.time_sweep()
    assert first["reminders"] > 0 and second["reminders"] == 0
