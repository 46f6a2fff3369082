"""The benchmarks, tiny: they must keep running against the current schema (no timing
asserted), through the same `run` as `make benchmark`. On SQLite by default, on PostgreSQL
when DATABASE_URL says so."""

import pytest

from accounts.models import User
from agencies.models import Official
from analytics import summary
from analytics.models import OfficialYearUsage
from benchmarks import policy_check
from documents.models import IssuedDocument
from reports.models import PostTripReport
from trips.models import TripMember, TripRequest


def test_the_policy_benchmark_runs_as_make_benchmark_does(db):
    lines = []
    figures = policy_check.run(
        officials=300, trips=600, agencies=3, runs=3, warm_up=1, sweep=True, out=lines.append
    )
    assert figures["queries"] <= 8 and len(figures["sweeps"]) == 2
    assert lines[0].startswith("check of a 10-member delegation") and len(lines) == 3
    assert Official.objects.count() == 300 and TripRequest.objects.count() == 600
    assert TripMember.objects.count() > 600 and PostTripReport.objects.exists()


def test_the_fill_takes_the_models_defaults_for_the_columns_it_does_not_set(db):
    policy_check.fill(officials=30, trips=60, agencies=3, verbose=False)
    trip = TripRequest.objects.order_by("id").first()
    assert trip.justifications == {} and trip.findings == [] and trip.finding_codes == ""
    assert trip.plan_line_id is None
    # Realistic dates: submitted weeks before departure, decided days after (issue 26).
    assert trip.submitted_at.date() < trip.departure_date
    decided = TripRequest.objects.filter(status__in=["approved", "completed", "rejected"])
    assert all(t.submitted_at < t.decided_at for t in decided) and decided.exists()
    assert not TripRequest.objects.filter(status="withdrawn", decided_at__isnull=False).exists()
    # Each approved trip's decision in the register, numbered per year from 1.
    documents = IssuedDocument.objects.filter(trip__status__in=["approved", "completed"])
    assert documents.count() == decided.exclude(status="rejected").count()
    first = documents.order_by("year", "number").first()
    assert first.number == 1 and first.symbol == "1/QĐ-UBND" and first.content["body"]
    assert {o.leave_base_days for o in Official.objects.all()} == {Official.LeaveBase.NORMAL}
    report = PostTripReport.objects.first()
    assert report.working_days_late == 0 and report.actual_cost_vnd is None
    # The statistics' summary counted after the set-based fill, in step with the trips.
    assert summary.verify() == [] and OfficialYearUsage.objects.exists()


def test_a_column_the_fill_cannot_fill_is_named():
    # Given nothing, as a column added without a default would be: the first one is named.
    with pytest.raises(
        policy_check.UnfilledColumn, match=r"trips_triprequest\.agency_id has no default"
    ):
        policy_check._insert(TripRequest, {}, "FROM s", {})


def test_the_sweep_benchmark_runs_twice_and_the_second_run_sends_nothing(db, eager_tasks):
    policy_check.fill(officials=300, trips=600, agencies=3, verbose=False)
    User.objects.filter(username="benchmark-reviewer").update(is_active=True, email="a@b.invalid")
    first, second = policy_check.time_sweep()
    assert first["reminders"] > 0 and second["reminders"] == 0


@pytest.fixture
def without_the_suites_keys(db, settings, tmp_path, monkeypatch):
    """As `make benchmark` meets a real database (issue 26): no body has a key, no signer a
    credential, personal signatures required, DEBUG's throw-away CA (no key configured)."""
    from authority.models import Body
    from documents import testing

    monkeypatch.setattr(testing, "give_body_key", lambda pki, body: None)  # the bodies it makes
    Body.objects.update(key_source="", key_pkcs12=None, key_password="", key_subject="")
    settings.DEBUG, settings.MEDIA_ROOT = True, tmp_path
    settings.SIGNING_PKCS12_FILE = settings.SIGNING_TRUST_ROOTS = settings.SIGNING_TSA_URL = ""
    settings.SIGNING_PERSONAL_REQUIRED = True


def test_make_benchmark_prints_cpu_and_the_goals_and_leaves_nothing_behind(
    without_the_suites_keys, eager_tasks
):
    lines = []
    policy_check.run(
        officials=300, trips=600, agencies=3, runs=2, warm_up=1, sweep=True, out=lines.append,
        goals=True,
    )  # fmt: skip
    text = "\n".join(lines)
    assert "CPU" in lines[0] and "statistics, province" in text and "register " in text
    assert "| goal | measured | met |" in text and "| no-op sweep ≤ 20 queries |" in text
    assert "| trip list export linear" in text and "| register export linear" in text
    for step in ("submit", "approve", "appraise", "decide"):
        assert f"| {step} ≤ 25 queries" in text
    # The chain was rolled back, and no account was activated for the pages.
    assert not TripRequest.objects.filter(title="Đoàn đo hiệu năng").exists()
    assert not User.objects.filter(username__startswith="bench-", is_active=True).exists()


def test_the_signing_benchmark_runs_as_bench_signing_does(
    staff_a, head_a, local_pki_served, settings, tmp_path
):
    from benchmarks import signing

    settings.MEDIA_ROOT = tmp_path
    lines = []
    figures = signing.run(
        staff=staff_a, decider=head_a, pki=local_pki_served, settings=settings, runs=1,
        out=lines.append,
    )  # fmt: skip
    assert [len(v) for v in figures.values()] == [1, 1, 1, 1, 1]
    # The loopback PKI answered two timestamps at least: its CPU is told from the app's.
    assert 0 < figures["cpu_without_pki"][0] < figures["cpu"][0]
    assert lines[0].strip().startswith("decision to signed file, 1 decisions: request median")


def test_the_export_verdict_tells_a_linear_build_from_a_quadratic_one():
    from benchmarks.goals import LINEAR_GROWTH, _second_half_over_first

    def marks(cost_of_row):  # a progress report every 500 rows, with the CPU spent so far
        spent, out = 0.0, [(0, 0.0)]
        for done in range(1, 6001):
            spent += cost_of_row(done)
            if done % 500 == 0:
                out.append((done, spent))
        return out

    linear = _second_half_over_first(marks(lambda n: 1e-4))
    quadratic = _second_half_over_first(marks(lambda n: 1e-7 * n))  # a row scans those before
    assert linear == pytest.approx(1.0)
    assert quadratic == pytest.approx(3.0, rel=0.01) and quadratic > LINEAR_GROWTH
    assert _second_half_over_first(marks(lambda n: 1e-4)[:4]) is None  # 1 500 rows: too few


def test_statements_are_counted_once_django_s_query_log_is_full(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from benchmarks.statements import statements

    def three_statements():
        for _ in range(3):
            Official.objects.exists()

    connection.queries_log.extend({"sql": "SELECT 1", "time": "0"} for _ in range(9000))
    with CaptureQueriesContext(connection) as logged:
        three_statements()
    assert len(logged) == 0  # why the benchmarks do not count with it: the log is full
    with statements(connection) as sent:
        three_statements()
    assert len(sent) == 3 and all("agencies_official" in s["sql"] for s in sent)
    connection.queries_log.clear()
