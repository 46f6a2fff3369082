"""A deputy head finds the steps their position takes (issues 23, 24): the agency's deputy
may sign the Tờ trình and decide at the agency's level, so their home page and inbox list
those steps whatever their roles (roles open pages; positions take steps)."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.chain_inbox import inbox
from approvals.tests.chain_helpers import submitted_at_level
from authority.tests.factories import K, body_of, hold

pytestmark = pytest.mark.django_db


def deputy_of(agency, roles):
    deputy = UserFactory(username=f"pho-{len(roles)}", agency=agency, roles=roles)
    hold(deputy, body_of(agency), K.DEPUTY)
    return deputy


@pytest.mark.parametrize("roles", [[Role.AGENCY_STAFF], []], ids=["staff-role", "no-role"])
def test_a_deputy_without_the_head_role_finds_the_propose_step(client, staff_a, head_a, roles):
    deputy = deputy_of(staff_a.agency, roles)
    trip = submitted_at_level(staff_a, "province", proposed=False)
    assert [row.step.action for row in inbox(deputy)] == ["propose"]

    client.force_login(deputy)
    home = client.get(reverse("home")).content.decode()
    assert trip.title in home and 'data-testid="waiting-step"' in home
    page = client.get(reverse("approvals:chain-inbox"))
    assert page.status_code == 200 and trip.title in page.content.decode()


def test_a_deputy_with_the_staff_role_finds_the_agency_level_decision(client, staff_a, head_a):
    deputy = deputy_of(staff_a.agency, [Role.AGENCY_STAFF])
    trip = submitted_at_level(staff_a, "agency")
    assert [(row.step.trip, row.step.action) for row in inbox(deputy)] == [(trip, "decide")]

    client.force_login(deputy)
    assert 'data-testid="waiting-step"' in client.get(reverse("home")).content.decode()
    assert trip.title in client.get(reverse("approvals:chain-inbox")).content.decode()


def test_staff_holding_no_position_still_see_no_inbox(client, staff_a, head_a):
    trip = submitted_at_level(staff_a, "province", proposed=False)
    other = UserFactory(username="nv2", agency=staff_a.agency, roles=[Role.AGENCY_STAFF])
    client.force_login(other)
    assert 'data-testid="waiting-step"' not in client.get(reverse("home")).content.decode()
    assert client.get(reverse("approvals:chain-inbox")).status_code == 403
    assert trip.pk
