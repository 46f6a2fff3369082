import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Substitution
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from authority.tests.factories import chairman, vice_chairman

pytestmark = pytest.mark.django_db


@pytest.fixture
def decider(db):
    return chairman(UserFactory(username="decider", roles=[Role.DECIDER]))


def _body(principal, substitute, start=0, days=3):
    today = timezone.localdate()
    return {
        "principal": principal,
        "substitute": substitute,
        "starts_on": str(today + dt.timedelta(days=start)),
        "ends_on": str(today + dt.timedelta(days=start + days)),
        "note": "Nghỉ phép",
    }


@pytest.fixture
def vice(db):
    return vice_chairman(UserFactory(username="vice", roles=[Role.DECIDER]))


def test_create_list_and_delete_own_substitution(api, decider, vice):
    api.force_authenticate(decider)
    created = api.post("/api/v1/substitutions/", _body("decider", "vice"), format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["principal"] == "decider"
    listed = api.get("/api/v1/substitutions/")
    assert listed.json()["count"] == 1
    api.force_authenticate(vice)  # the substitute sees it too
    assert api.get("/api/v1/substitutions/").json()["count"] == 1
    assert api.delete(f"/api/v1/substitutions/{created.json()['id']}/").status_code == 403
    api.force_authenticate(decider)
    assert api.delete(f"/api/v1/substitutions/{created.json()['id']}/").status_code == 204
    assert api.get("/api/v1/substitutions/").json()["count"] == 0


def test_refusals(api, decider, vice, reviewer, administrator, staff_a):
    api.force_authenticate(decider)
    past = api.post("/api/v1/substitutions/", _body("decider", "vice", start=-1), format="json")
    assert past.status_code == 400 and "starts_on" in past.json()
    other = api.post("/api/v1/substitutions/", _body("reviewer", "staff_a"), format="json")
    assert other.status_code == 403
    api.force_authenticate(staff_a)
    assert api.get("/api/v1/substitutions/").status_code == 403
    api.force_authenticate(administrator)
    done = api.post("/api/v1/substitutions/", _body("vice", "decider"), format="json")
    assert done.status_code == 201
    # decider substitutes for vice now: decider may not name a substitute in that period
    api.force_authenticate(decider)
    chained = api.post("/api/v1/substitutions/", _body("decider", "vice"), format="json")
    assert chained.status_code == 400 and "principal" in chained.json()
    assert Substitution.objects.count() == 1


def test_anonymous_is_401(api):
    assert api.get("/api/v1/substitutions/").status_code == 401


def test_officials_management_level_and_username(api, administrator, staff_a, agency_a):
    from agencies.tests.factories import OfficialFactory

    official = OfficialFactory(agency=agency_a)
    api.force_authenticate(administrator)
    url = f"/api/v1/officials/{official.pk}/"
    assert api.get(url).json()["management_level"] == "agency"
    changed = api.patch(url, {"management_level": "province", "username": "staff_a"}, format="json")
    assert changed.status_code == 200, changed.json()
    official.refresh_from_db()
    assert official.management_level == "province" and official.user == staff_a
    wrong = api.patch(url, {"management_level": "minister"}, format="json")
    assert wrong.status_code == 400
    api.force_authenticate(staff_a)
    assert api.patch(url, {"management_level": "agency"}, format="json").status_code == 403


def test_a_trip_shows_its_chain_and_next_step(api, staff_a, reviewer):
    from approvals.chain import chain_open
    from trips.tests.helpers import submitted_trip

    trip = submitted_trip(staff_a, n=1)
    assert api.get(f"/api/v1/trips/{trip.pk}/").status_code == 401
    api.force_authenticate(reviewer)
    # Submitted at the agency level: one step, the agency head's decision (issue 23).
    assert [s["step"] for s in api.get(f"/api/v1/trips/{trip.pk}/").json()["chain"]] == ["decide"]
    trip.members.first().official.__class__.objects.update(management_level="standing_committee")
    chain_open(trip=trip)  # as a new submission would
    body = api.get(f"/api/v1/trips/{trip.pk}/").json()
    # The agency's head signs the proposal first (issue 23), then the Department appraises.
    assert [(s["step"], s["role"], s["status"]) for s in body["chain"]] == [
        ("propose", "agency_head", "active"),
        ("appraise", "reviewer", "pending"),
        ("party_opinion", "reviewer", "pending"),
        ("decide", "decider", "pending"),
    ]
    assert body["next_step"]["step"] == "propose"
    assert api.get("/api/v1/trips/").json()["results"][0]["next_step"]["step"] == "propose"
