"""The agency's head signs the proposal (Tờ trình) as the chain's first step (issue 23): who
may take it, what waits for it, and the browser and the API alike."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from approvals import services
from approvals.chain import StepNotReady, chain_of
from approvals.chain_inbox import inbox
from approvals.tests.chain_helpers import submitted_at_level
from authority.models import Authority
from authority.rules import require_valid_steps
from core.errors import NotAllowed

pytestmark = pytest.mark.django_db
LEADERS = ["head", "deputy", "acting_head"]


@pytest.fixture
def api():
    from api.tests.conftest import CheckedClient  # every JSON answer checked against the schema

    return CheckedClient()


def _steps(trip):
    return [(s.action, s.status) for s in chain_of(trip)]


def test_a_province_level_request_waits_for_the_head_first(staff_a, head_a, reviewer):
    trip = submitted_at_level(staff_a, "province", proposed=False)
    assert _steps(trip) == [("propose", "active"), ("appraise", "pending"), ("decide", "pending")]
    # The Department cannot appraise a proposal its head has not signed (409, nothing moves).
    with pytest.raises(StepNotReady):
        services.trip_appraise(trip=trip, actor=reviewer, opinion="approve")
    trip = services.trip_propose(trip=trip, actor=head_a, note="Kính trình.")
    assert trip.status == "submitted"
    assert _steps(trip) == [("propose", "approved"), ("appraise", "active"), ("decide", "pending")]
    assert (chain_of(trip)[0].actor, chain_of(trip)[0].acting_for) == (head_a, None)
    assert services.trip_appraise(trip=trip, actor=reviewer, opinion="approve").status == (
        "appraised"
    )


def test_the_agency_s_staff_and_the_department_cannot_sign_it(staff_a, head_a, reviewer):
    trip = submitted_at_level(staff_a, "province", proposed=False)
    for refused in (staff_a, reviewer):
        with pytest.raises(NotAllowed):
            services.trip_propose(trip=trip, actor=refused)
    assert _steps(trip)[0] == ("propose", "active")
    assert not trip.issued_documents.exists()


def test_an_agency_level_request_has_no_proposal_step(staff_a, head_a):
    trip = submitted_at_level(staff_a, "agency", proposed=False)
    assert _steps(trip) == [("decide", "active")]
    assert trip.issued_documents.filter(kind="proposal").exists()  # at submission, as before


def test_api_and_browser_agree(api, client, staff_a, staff_b, head_a, reviewer):
    by_api = submitted_at_level(staff_a, "province", proposed=False)
    by_page = submitted_at_level(staff_a, "province", proposed=False, title="Đoàn thứ hai")
    url = f"/api/v1/trips/{by_api.pk}/propose/"

    for who, status in ((staff_a, 403), (reviewer, 403), (staff_b, 404)):
        api.force_authenticate(who)
        assert api.post(url, {"note": ""}, format="json").status_code == status
    api.force_authenticate(reviewer)
    early = api.post(f"/api/v1/trips/{by_api.pk}/appraise/", {"opinion": "approve"})
    assert early.status_code == 409
    api.force_authenticate(head_a)
    body = api.get(f"/api/v1/trips/{by_api.pk}/").json()
    assert body["next_step"]["step"] == "propose" and body["next_step"]["role"] == "agency_head"
    assert body["chain"][0]["positions"] == LEADERS and body["chain"][0]["body"] == "SNgV"
    steps = api.get(f"/api/v1/trips/{by_api.pk}/chain/").json()
    assert [(s["step"], s["status"]) for s in steps] == [
        ("propose", "active"),
        ("appraise", "pending"),
        ("decide", "pending"),
    ]
    done = api.post(url, {"note": "Kính trình.", "signing_pin": ""}, format="json")
    assert done.status_code == 200, done.json()
    assert done.json()["chain"][0]["actor"] == "head_a"
    assert done.json()["next_step"]["step"] == "appraise"

    client.force_login(staff_a)
    page = client.get(reverse("trips:detail", args=[by_page.pk])).content.decode()
    assert 'id="propose"' not in page and "Chờ Thủ trưởng ký Tờ trình" in page
    assert client.post(f"/ho-so/{by_page.pk}/propose/").status_code == 403
    client.force_login(head_a)
    page = client.get(reverse("trips:detail", args=[by_page.pk])).content.decode()
    assert 'id="propose"' in page and 'name="signing_pin"' in page
    assert client.post(f"/ho-so/{by_page.pk}/propose/", {"note": "Kính trình."}).status_code == 302

    assert _steps(by_page) == _steps(by_api)
    for trip in (by_api, by_page):
        proposal = trip.issued_documents.get(kind="proposal")
        assert (proposal.issued_by, proposal.is_signed) == (head_a, True)
        assert trip.history.last().action == "propose"


def test_the_head_s_home_and_inbox_and_the_staff_s_home(client, staff_a, head_a, reviewer):
    trip = submitted_at_level(staff_a, "province", proposed=False)
    assert [row.step.trip for row in inbox(head_a)] == [trip]
    assert inbox(reviewer) == []
    client.force_login(head_a)
    home = client.get(reverse("home")).content.decode()
    assert trip.title in home and "Ký Tờ trình" in home
    assert trip.title in client.get(reverse("approvals:chain-inbox")).content.decode()
    client.force_login(staff_a)
    home = client.get(reverse("home")).content.decode()
    assert 'data-testid="awaiting-proposal"' in home and "Chờ Thủ trưởng ký Tờ trình" in home
    client.force_login(reviewer)  # nothing for the Department yet
    assert trip.title not in client.get(reverse("trips:queue")).content.decode()
    assert trip.title not in client.get(reverse("home")).content.decode()
    services.trip_propose(trip=trip, actor=head_a)
    assert trip.title in client.get(reverse("trips:queue")).content.decode()
    assert inbox(head_a) == [] and [row.step.trip for row in inbox(reviewer)] == [trip]


def test_a_returned_request_is_signed_again_in_its_new_round(staff_a, head_a, reviewer):
    trip = submitted_at_level(staff_a, "province", sign_proposal=True)
    trip = services.trip_return(trip=trip, actor=reviewer, reason="Bổ sung chương trình")
    trip = services.trip_submit(trip=trip, actor=staff_a)
    assert _steps(trip)[0] == ("propose", "active")
    assert {s.round for s in chain_of(trip)} == {2}
    services.trip_propose(trip=trip, actor=head_a)
    assert trip.issued_documents.filter(kind="proposal").count() == 2


@pytest.mark.parametrize(
    "steps",
    [
        [
            {"action": "appraise", "body": None, "positions": ["appraiser"]},
            {"action": "propose", "body": None, "positions": LEADERS},
            {"action": "decide", "body": None, "positions": LEADERS},
        ],
        [
            {"action": "propose", "body": None, "positions": LEADERS},
            {"action": "propose", "body": None, "positions": LEADERS},
            {"action": "decide", "body": None, "positions": LEADERS},
        ],
    ],
)
def test_the_proposal_step_comes_first_and_once(steps):
    with pytest.raises(ValidationError, match="propose"):
        require_valid_steps(steps)


def test_the_proposal_is_signed_by_the_requesting_agency_only():
    from authority.models import Body

    province = Body.objects.province().pk
    steps = [
        {"action": "propose", "body": province, "positions": LEADERS},
        {"action": "decide", "body": province, "positions": LEADERS},
    ]
    with pytest.raises(ValidationError, match="Tờ trình"):
        require_valid_steps(steps)


def test_the_data_migration_puts_the_step_first_once():
    migration = importlib.import_module("trips.migrations.0017_authorities_start_with_propose")
    for authority in Authority.objects.exclude(level="agency"):
        authority.steps = authority.steps[1:]
        authority.save()
    migration.add_propose(apps, None)
    migration.add_propose(apps, None)  # twice: still once
    for authority in Authority.objects.all():
        actions = [step["action"] for step in authority.steps]
        assert actions.count("propose") == (0 if authority.level == "agency" else 1)
        require_valid_steps(authority.steps)
