import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Substitution, SubstitutionEvent
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from authority.substitutions import principals_of, substitution_create, substitution_revoke
from authority.tests.factories import K, chairman, hold, province, vice_chairman

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def decider(db):
    return chairman(UserFactory(username="decider", roles=[Role.DECIDER]))


@pytest.fixture
def deputy(db):
    """A Vice-Chairman: may stand in for the Chairman (issue 23: a position of the same body)."""
    return vice_chairman(UserFactory(username="deputy", roles=[Role.DECIDER]))


def _name(principal, substitute, start=0, days=5, actor=None):
    return substitution_create(
        actor=actor or principal,
        principal=principal,
        substitute=substitute,
        starts_on=TODAY + dt.timedelta(days=start),
        ends_on=TODAY + dt.timedelta(days=start + days),
        today=TODAY,
    )


def test_a_principal_names_a_substitute_with_a_history_row(decider, deputy):
    substitution = _name(decider, deputy)
    assert substitution.created_by == decider
    assert list(substitution.events.values_list("action", flat=True)) == ["created"]
    assert principals_of(deputy, TODAY + dt.timedelta(days=5)) == [decider]
    assert principals_of(deputy, TODAY + dt.timedelta(days=6)) == []


def test_a_start_before_today_is_refused(decider, deputy):
    with pytest.raises(ValidationError) as refused:
        _name(decider, deputy, start=-1)
    assert "starts_on" in refused.value.message_dict
    assert not Substitution.objects.exists()


@pytest.mark.parametrize(
    "start, refused", [(0, True), (5, True), (6, False)], ids=["same", "last-day", "after"]
)
def test_no_chains_a_principal_who_substitutes_in_that_period(
    decider, deputy, reviewer, start, refused
):
    _name(decider, deputy, start=0, days=5)  # deputy acts for decider on days 0..5
    deputy_reviewer = vice_chairman(UserFactory(roles=[Role.DECIDER]))  # another deputy
    if refused:
        with pytest.raises(ValidationError) as error:
            _name(deputy, deputy_reviewer, start=start, days=3)
        assert "principal" in error.value.message_dict
    else:
        _name(deputy, deputy_reviewer, start=start, days=3)


def test_no_chains_a_substitute_who_has_a_substitute_in_that_period(decider, deputy):
    other = vice_chairman(UserFactory(roles=[Role.DECIDER]))
    _name(deputy, other, start=2, days=2)  # deputy away, days 2..4
    with pytest.raises(ValidationError) as error:
        _name(decider, deputy, start=0, days=5)
    assert "substitute" in error.value.message_dict


def test_someone_elses_substitution_is_refused_but_an_administrator_may(
    decider, deputy, reviewer, administrator
):
    with pytest.raises(PermissionDenied):
        _name(decider, deputy, actor=reviewer)
    substitution = _name(decider, deputy, actor=administrator)
    with pytest.raises(PermissionDenied):
        substitution_revoke(actor=deputy, substitution=substitution)
    substitution_revoke(actor=administrator, substitution=substitution)
    substitution_revoke(actor=administrator, substitution=substitution)  # twice: harmless
    assert SubstitutionEvent.objects.filter(action="revoked").count() == 1


def test_only_a_chain_role_names_a_substitute(staff_a, deputy):
    with pytest.raises(ValidationError) as error:
        _name(staff_a, deputy)
    assert "principal" in error.value.message_dict


def test_the_substitute_holds_the_principals_role_only_in_the_period(decider, outsider):
    hold(outsider, province(), K.OFFICE_CHIEF)  # may stand in for the Chairman (TUQ.)
    substitution_create(
        actor=decider,
        principal=decider,
        substitute=outsider,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    outsider.refresh_from_db()
    fresh = type(outsider).objects.get(pk=outsider.pk)
    assert fresh.is_decider and not fresh.is_reviewer
    Substitution.objects.update(revoked_at=timezone.now())
    assert not type(outsider).objects.get(pk=outsider.pk).is_decider
