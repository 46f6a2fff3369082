import pytest
from django.contrib.auth.models import Group

from accounts.roles import ROLE_PERMISSIONS, Role
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_every_role_with_its_permissions():
    for role, grants in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        expected = {
            f"{app}.{action}_{model}" for app, model, actions in grants for action in actions
        }
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        assert granted == expected, role


def test_staff_cannot_change_passports_but_custodians_can():
    staff = UserFactory(roles=[Role.AGENCY_STAFF])
    custodian = UserFactory(roles=[Role.CUSTODIAN])
    assert staff.has_perm("passports.view_passport")
    assert not staff.has_perm("passports.change_passport")
    assert custodian.has_perm("passports.change_passport")
    assert not custodian.has_perm("passports.change_custodyevent")


def test_role_properties(staff_a, reviewer, custodian, administrator, outsider):
    assert staff_a.is_agency_staff and not staff_a.is_reviewer
    assert reviewer.is_reviewer and not reviewer.is_agency_staff
    assert custodian.is_custodian
    assert administrator.is_administrator
    assert not any(
        [
            outsider.is_agency_staff,
            outsider.is_reviewer,
            outsider.is_custodian,
            outsider.is_administrator,
        ]
    )
