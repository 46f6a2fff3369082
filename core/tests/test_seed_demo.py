import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from core.demo import DEMO_PASSWORD, LOGINS, seed
from reports.models import PostTripReport
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
    seed(today=TODAY)
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
    overdue = TripRequest.objects.filter(report_due_on__lt=TODAY, report__isnull=True)
    assert overdue.count() == 1
    for username, *_rest in LOGINS:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_the_command_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    for username, *_rest in LOGINS:
        assert username in out
    assert DEMO_PASSWORD in out
