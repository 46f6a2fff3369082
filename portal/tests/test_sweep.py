"""The daily sweep's orchestrator: every app's step runs, its counts reach the result."""

import dataclasses
import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from passports.tests.factories import PassportFactory
from portal import sweep
from portal.tasks import run_daily_sweep

pytestmark = pytest.mark.django_db


def test_each_step_is_one_count_of_the_result_by_its_name():
    names = [step.name for step in sweep.STEPS]
    assert len(set(names)) == len(names)
    assert [field.name for field in dataclasses.fields(sweep.SweepResult)] == names
    for step in sweep.STEPS:
        assert isinstance(step.run(dt.date(2026, 12, 1)), int), step.name


def test_each_step_is_logged_by_its_name_with_its_count(caplog):
    with caplog.at_level("INFO", logger="portal.sweep"):
        sweep.daily_sweep(dt.date(2026, 12, 1))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for step in sweep.STEPS:
        assert f"2026-12-01: {step.name} 0 (" in logged


def test_the_task_and_the_command_run_the_passports_step_too(custodian):
    PassportFactory(expires_on=dt.date(2026, 11, 30))
    assert run_daily_sweep("2026-12-01")["passports_expired"] == 1
    out = StringIO()
    call_command("send_reminders", "--date", "2026-12-01", stdout=out)
    assert "Đã kết thúc 0 chuyến đi" in out.getvalue()


def test_the_beat_schedule_names_the_registered_task():
    from travelmgmt.celery import app

    app.loader.import_default_modules()
    assert app.conf.beat_schedule["daily-sweep"]["task"] in app.tasks


def test_leavings_and_holder_warnings_run_once_when_swept_twice():
    from agencies.models import LeavingReason
    from agencies.tests.factories import OfficialFactory
    from passports.models import HolderWarning

    day = dt.date(2026, 12, 1)
    leaving = OfficialFactory(left_on=day, leaving_reason=LeavingReason.RETIREMENT, is_active=True)
    holder = OfficialFactory(email="holder@example.gov.vn")
    passport = PassportFactory(official=holder, expires_on=day + dt.timedelta(days=90))
    first = sweep.daily_sweep(day)
    assert (first.officials_left, first.holder_warnings) == (1, 1)
    leaving.refresh_from_db()
    assert not leaving.is_active
    assert HolderWarning.objects.filter(passport=passport).count() == 1
    again = sweep.daily_sweep(day)
    assert (again.officials_left, again.holder_warnings) == (0, 0)
    assert HolderWarning.objects.filter(passport=passport).count() == 1


def test_the_last_run_of_each_step_is_in_the_metrics(client, settings):
    settings.METRICS_TOKEN = "m" * 40
    PassportFactory(expires_on=dt.date(2026, 11, 30))
    sweep.daily_sweep(dt.date(2026, 12, 1))
    scrape = client.get("/metrics/", HTTP_AUTHORIZATION="Bearer " + "m" * 40).content.decode()
    assert 'travelmgmt_sweep_last_count{step="passports_expired"} 1.0' in scrape
    for step in sweep.STEPS:
        assert f'travelmgmt_sweep_last_count{{step="{step.name}"}}' in scrape
    assert "travelmgmt_sweep_last_run_timestamp_seconds 0.0" not in scrape
