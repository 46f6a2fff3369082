""" "A person of the requesting agency acts only in their own right, on their own body's step"
(approvals.duties): the inbox's query, the page's buttons and the API's refusal read the one
rule, so what a person sees waiting for them is what they may take, in the browser and the
API alike."""

import pytest
from django.utils import timezone

from accounts.models import Substitution
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.chain_inbox import inbox
from approvals.tests.chain_helpers import submitted_at_level
from authority.tests.factories import appraiser
from core.workflow import actions_for

pytestmark = pytest.mark.django_db


def _substitute_for(principal, username, agency=None):
    """Written straight to the table: the substitutions' own rules would refuse some."""
    today = timezone.localdate()
    substitute = UserFactory(username=username, agency=agency, roles=[Role.REVIEWER])
    Substitution.objects.create(
        principal=principal, substitute=substitute, starts_on=today, ends_on=today,
        created_by=principal,
    )  # fmt: skip
    return substitute


def _appraiser_of(agency):
    """An appraiser of the Department who belongs to the requesting agency."""
    return appraiser(UserFactory(username="appraiser_a", agency=agency, roles=[Role.REVIEWER]))


CASES = {
    # who: (level, action, the person, may they take the waiting step?)
    "the_department_appraiser": ("province", "appraise", lambda f: f["reviewer"], True),
    "an_appraiser_of_the_requesting_agency": (
        "province", "appraise", lambda f: _appraiser_of(f["agency_a"]), False,
    ),
    "a_substitute_for_the_requesting_agencys_appraiser": (
        "province", "appraise", lambda f: _substitute_for(_appraiser_of(f["agency_a"]), "sub"),
        False,
    ),
    "a_substitute_for_the_department_appraiser": (
        "province", "appraise", lambda f: _substitute_for(f["reviewer"], "sub"), True,
    ),
    "the_agency_head_on_its_own_bodys_step": ("agency", "approve", lambda f: f["head_a"], True),
    "a_substitute_of_the_agency_for_its_head": (
        "agency", "approve", lambda f: _substitute_for(f["head_a"], "sub", f["agency_a"]), False,
    ),
}  # fmt: skip

BODIES = {"appraise": {"opinion": "approve"}, "approve": {"note": ""}}


@pytest.mark.parametrize("case", list(CASES))
def test_the_inbox_the_buttons_and_the_api_agree(case, api, staff_a, agency_a, reviewer, head_a):
    level, action, person, may_take = CASES[case]
    user = person({"agency_a": agency_a, "reviewer": reviewer, "head_a": head_a})
    trip = submitted_at_level(staff_a, level)

    listed = [row.step.trip_id for row in inbox(user)]
    shown = [a.name for a in actions_for(user, trip)]
    api.force_authenticate(user)
    response = api.post(f"/api/v1/trips/{trip.pk}/{action}/", BODIES[action], format="json")

    assert (trip.pk in listed) is may_take
    assert (action in shown) is may_take
    assert (response.status_code == 200) is may_take, response.content
    if not may_take:
        assert response.status_code in (403, 404)
        trip.refresh_from_db()
        assert trip.status == "submitted"
