"""Issue 23's reproductions through the API: who may never take a step, and substitutions
that may not be made. Each refusal is a 400/403 with a Vietnamese message."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Substitution
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.chain import chain_of
from approvals.tests.chain_helpers import decider_user, submitted_at_level
from authority.tests.factories import vice_chairman

pytestmark = pytest.mark.django_db
SUBS = "/api/v1/substitutions/"


@pytest.fixture
def decider(db):
    return decider_user(username="decider")


def _body(substitute, *, days=3, principal=None):
    today = timezone.localdate()
    body = {"substitute": substitute, "starts_on": str(today)}
    body["ends_on"] = str(today + dt.timedelta(days=days - 1))
    return {**body, "principal": principal} if principal else body


def _bypass(principal, substitute):
    """A substitution written straight to the table (as before the rules): the chain still
    refuses what it would allow."""
    today = timezone.localdate()
    return Substitution.objects.create(
        principal=principal, substitute=substitute, starts_on=today, ends_on=today,
        created_by=principal,
    )  # fmt: skip


def _post(api, trip, action, body):
    return api.post(f"/api/v1/trips/{trip.pk}/{action}/", body, format="json")


def test_1_an_agency_person_is_never_a_substitute_nor_decides_its_requests(
    api, reviewer, staff_a, staff_b
):
    api.force_authenticate(reviewer)
    refused = api.post(SUBS, _body("staff_a"), format="json")
    assert refused.status_code == 400 and "substitute" in refused.json()
    assert not Substitution.objects.exists()
    _bypass(reviewer, staff_a)
    own, other = submitted_at_level(staff_a, "agency"), submitted_at_level(staff_b, "agency")
    api.force_authenticate(staff_a.__class__.objects.get(pk=staff_a.pk))
    assert _post(api, own, "approve", {"note": ""}).status_code in (403, 404)
    assert _post(api, other, "approve", {"note": ""}).status_code in (403, 404)
    own.refresh_from_db(), other.refresh_from_db()
    assert (own.status, other.status) == ("submitted", "submitted")


def test_2_one_person_takes_at_most_one_step(api, staff_a, reviewer, decider):
    api.force_authenticate(reviewer)
    refused = api.post(SUBS, _body("decider"), format="json")
    assert refused.status_code == 400 and "substitute" in refused.json()
    _bypass(reviewer, decider)
    trip = submitted_at_level(staff_a, "province")
    api.force_authenticate(decider.__class__.objects.get(pk=decider.pk))
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 200
    second = _post(api, trip, "approve", {"note": ""})
    assert second.status_code == 403 and second.json()["detail"]
    assert [s.status for s in chain_of(trip)] == ["approved", "approved", "active"]


def test_3_a_substitution_lapses_with_either_account(api, staff_a, reviewer, decider):
    vice = decider_user(username="vice")
    _bypass(decider, vice)
    trip = submitted_at_level(staff_a, "province")
    api.force_authenticate(reviewer)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 200
    vice.groups.clear()  # vice acts only as the chairman's substitute
    decider.is_active = False
    decider.save(update_fields=["is_active"])
    api.force_authenticate(vice.__class__.objects.get(pk=vice.pk))
    assert _post(api, trip, "approve", {"note": ""}).status_code in (403, 404)
    trip.refresh_from_db()
    assert trip.status == "appraised"


def test_4_a_substitution_is_at_most_substitution_max_days(api, decider, settings):
    settings.SUBSTITUTION_MAX_DAYS = 90
    vice_chairman(UserFactory(username="vice"))
    api.force_authenticate(decider)
    too_long = api.post(SUBS, {**_body("vice"), "ends_on": "9999-12-31"}, format="json")
    assert too_long.status_code == 400 and "90" in too_long.json()["ends_on"][0]
    assert api.post(SUBS, _body("vice", days=91), format="json").status_code == 400
    assert api.post(SUBS, _body("vice", days=90), format="json").status_code == 201


def test_5_a_party_opinion_is_dated_between_submission_and_today(api, staff_a, reviewer):
    trip = submitted_at_level(staff_a, "standing_committee")
    api.force_authenticate(reviewer)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 200
    opinion = {"agreed": True, "reference": "1-CV/TU"}
    future = _post(api, trip, "party-opinion", {**opinion, "dated": "2099-01-01"})
    assert future.status_code == 400 and "dated" in future.json()
    before = str(timezone.localdate() - dt.timedelta(days=1))
    assert _post(api, trip, "party-opinion", {**opinion, "dated": before}).status_code == 400
    assert chain_of(trip)[2].status == "active"
    today = str(timezone.localdate())
    assert _post(api, trip, "party-opinion", {**opinion, "dated": today}).status_code == 200


def test_6_the_answer_never_tells_which_logins_exist(api, decider, staff_a):
    api.force_authenticate(decider)
    unknown = api.post(SUBS, _body("no-such-login"), format="json")
    existing = api.post(SUBS, _body("staff_a"), format="json")
    assert unknown.status_code == existing.status_code == 400
    assert unknown.json() == existing.json()
    assert "exist" not in str(unknown.json())
    api.force_authenticate(UserFactory(username="other", roles=[Role.DECIDER]))
    foreign = api.post(SUBS, _body("decider", principal="no-such-login"), format="json")
    assert foreign.status_code == 403
