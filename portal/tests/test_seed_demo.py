import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import User
from passports.models import CustodyEvent
from portal.demo import DEMO_PASSWORD, LOGINS, seed
from reports.models import PostTripReport
from reports.selectors import overdue as overdue_reports
from travelmgmt.tests.test_settings import PRODUCTION_ENV, run_django
from trips.models import TripRequest

pytestmark = pytest.mark.django_db
# The demo decides its future trips now: a decision after departure is refused.
TODAY = timezone.localdate()


def counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "agencies", "plans", "trips", "passports", "reports", "auth"}
    }


def test_seed_demo_twice_leaves_the_same_counts():
    seed(today=TODAY)
    first = counts()
    seed(today=TODAY)
    assert counts() == first


def test_seed_builds_a_believable_province():
    from approvals.demo_chain import seed_demo_chain

    seed(today=TODAY)
    seed_demo_chain(today=TODAY)  # the approval chain's requests (appraised among them)
    c = counts()
    assert 10 <= c["agencies.Agency"] <= 12
    assert 75 <= c["agencies.Official"] <= 95
    assert c["agencies.DisciplinaryReview"] == 1
    assert set(TripRequest.objects.values_list("status", flat=True)) == set(
        TripRequest.Status.values
    )
    assert set(PostTripReport.objects.values_list("status", flat=True)) == {
        "accepted",
        "submitted",
        "draft",
    }
    # Completing a trip opens its report (core.signals.trip_completed): the overdue one is a
    # draft past its deadline, on the reviewers' list of overdue reports.
    assert [row.trip.title for row in overdue_reports(TODAY)] == [
        PostTripReport.objects.get(status="draft", due_on__lt=TODAY).trip.title
    ]
    for username, *_rest in LOGINS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_the_command_prints_the_logins(capsys, settings):
    settings.DEBUG = True  # a developer machine
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username, *_rest in LOGINS:
        assert username in out
    assert DEMO_PASSWORD in out


def test_the_command_refuses_with_debug_off_and_creates_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force-demo"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_command_runs_with_debug_off_only_when_forced(settings, capsys):
    settings.DEBUG = False
    call_command("seed_demo", "--force-demo")
    assert User.objects.get(username="quantri").is_superuser
    assert DEMO_PASSWORD in capsys.readouterr().out


def test_the_command_refuses_on_a_production_server():
    # The real command line with production's variables: refused before touching the database.
    result = run_django(["manage.py", "seed_demo"], **PRODUCTION_ENV)
    assert result.returncode == 1
    assert "--force-demo" in result.stderr and "quantri" not in result.stdout


def test_the_demo_shows_a_leaving_a_transfer_and_a_loss_made_by_the_services():
    from agencies.models import Official, Transfer
    from passports.models import Passport, PassportLoss

    seed(today=TODAY)
    administrator = User.objects.get(username="quantri")
    left = Official.objects.get(left_on__isnull=False)
    assert not left.is_active
    assert left.history.first().history_user == administrator
    assert set(left.passports.values_list("kind", "status")) == {
        (Passport.Kind.OFFICIAL, Passport.Status.TO_INVALIDATE),
        (Passport.Kind.ORDINARY, Passport.Status.IN_CUSTODY),
    }
    transfer = Transfer.objects.get()
    assert transfer.to_agency.code == "so-noi-vu" and transfer.official.agency.code == "so-noi-vu"
    assert transfer.official.history.first().history_user == administrator
    loss = PassportLoss.objects.select_related("passport").get()
    assert loss.passport.status == Passport.Status.LOST
    reported = loss.passport.custody_log.get(action=CustodyEvent.Action.REPORTED_LOST)
    assert reported.actor == User.objects.get(username="hochieu")  # the one history
    # The registry's hook ran after: every official has a personnel code, these three too.
    assert not Official.objects.filter(personnel_code=None).exists()
