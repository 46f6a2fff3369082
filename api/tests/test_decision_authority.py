"""Who decides and how the decision is signed (issue 23), through the API: the agency's head
decides agency-level requests (…/QĐ-<agency symbol>, its own series), the Department's reviewer
never does; the Vice-Chairman signs KT.; a named deputy KT. acting for the Chairman; the office
chief TUQ."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import Substitution
from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.tests.chain_helpers import decider_user, submitted_at_level
from authority import services as authority_services
from authority.tests.factories import K, agency_head, body_of, hold, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def chairman(db):
    return decider_user(username="chutich", first_name="Lê Văn", last_name="Bình")


@pytest.fixture
def head_a(staff_a):
    head = UserFactory(username="giamdoc", agency=staff_a.agency, roles=[Role.AGENCY_HEAD])
    return agency_head(head, staff_a.agency)


def _post(api, trip, action, body=None):
    return api.post(f"/api/v1/trips/{trip.pk}/{action}/", body or {"note": ""}, format="json")


def _decision(api, trip):
    return api.get(f"/api/v1/trips/{trip.pk}/decision/").json()


def _appraised(api, staff, reviewer, level="province"):
    trip = submitted_at_level(staff, level)
    api.force_authenticate(reviewer)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 200
    return trip


def test_the_reviewer_can_no_longer_decide_an_agency_level_trip_the_agency_head_can(
    api, staff_a, reviewer, chairman, head_a
):
    authority_services.body_save(actor=None, body=body_of(staff_a.agency), symbol="SNgV")
    trip = submitted_at_level(staff_a, "agency")
    for outsider in (reviewer, chairman):
        api.force_authenticate(outsider)
        refused = _post(api, trip, "approve")
        assert refused.status_code == 403, refused.json()
    api.force_authenticate(head_a)
    assert _post(api, trip, "approve").status_code == 200
    decision = _decision(api, trip)
    # The agency's own series (its proposal, 01/TTr-SNgV, took 01), not the Committee's.
    assert decision["symbol"] == "02/QĐ-SNgV"
    assert decision["issuer"] == "Sở Ngoại vụ"
    assert (decision["signer_title"], decision["signed_as"]) == ("GIÁM ĐỐC", "")
    other = submitted_at_level(staff_a, "agency", title="Đoàn thứ hai")
    api.force_authenticate(head_a)
    _post(api, other, "approve")
    assert _decision(api, other)["symbol"] == "04/QĐ-SNgV"


def test_the_agency_head_sees_the_request_on_the_home_page(client, staff_a, head_a):
    trip = submitted_at_level(staff_a, "agency")
    client.force_login(head_a)
    page = client.get("/")
    assert page.status_code == 200
    assert trip.title in page.content.decode()


def test_the_vice_chairman_s_decision_prints_kt(api, staff_a, reviewer, chairman):
    vice = hold(UserFactory(username="pct", roles=[Role.DECIDER]), province(), K.DEPUTY)
    trip = _appraised(api, staff_a, reviewer)
    api.force_authenticate(vice)
    assert _post(api, trip, "approve").status_code == 200
    decision = _decision(api, trip)
    assert decision["symbol"].endswith("/QĐ-UBND")
    assert (decision["signed_as"], decision["signer_title"], decision["acting_for"]) == (
        "KT.",
        "PHÓ CHỦ TỊCH",
        "",
    )


def test_a_deputy_named_as_substitute_prints_kt_acting_for_the_chairman(
    api, staff_a, reviewer, chairman
):
    vice = hold(UserFactory(username="pct", roles=[Role.DECIDER]), province(), K.DEPUTY)
    api.force_authenticate(chairman)
    today = timezone.localdate()
    named = api.post(
        "/api/v1/substitutions/",
        {"substitute": "pct", "starts_on": str(today), "ends_on": str(today)},
        format="json",
    )
    assert named.status_code == 201, named.json()
    trip = _appraised(api, staff_a, reviewer)
    api.force_authenticate(vice)
    assert _post(api, trip, "approve").status_code == 200
    decision = _decision(api, trip)
    assert (decision["signed_as"], decision["acting_for"]) == ("KT.", "chutich")


def test_the_office_chief_by_substitution_signs_tuq(api, staff_a, reviewer, chairman):
    chief = hold(UserFactory(username="cvp"), province(), K.OFFICE_CHIEF)
    today = timezone.localdate()
    Substitution.objects.create(
        principal=chairman, substitute=chief, starts_on=today, ends_on=today,
        created_by=chairman,
    )  # fmt: skip
    trip = _appraised(api, staff_a, reviewer)
    api.force_authenticate(chief)
    assert _post(api, trip, "approve").status_code == 200
    decision = _decision(api, trip)
    assert (decision["signed_as"], decision["signer_title"], decision["acting_for"]) == (
        "TUQ.",
        "CHÁNH VĂN PHÒNG",
        "chutich",
    )


def test_an_ineligible_substitute_is_refused_with_the_message(api, chairman, reviewer, staff_a):
    api.force_authenticate(chairman)
    today = timezone.localdate()
    for who in ("reviewer", "staff_a", "nobody-such"):  # another body's; an agency's; unknown
        refused = api.post(
            "/api/v1/substitutions/",
            {"substitute": who, "starts_on": str(today), "ends_on": str(today + dt.timedelta(1))},
            format="json",
        )
        assert refused.status_code == 400
        assert refused.json()["substitute"] == [
            "Người này không thể được ủy quyền thay cho người ủy quyền."
        ]


def test_a_person_of_the_requesting_agency_takes_no_step_of_another_body(api, staff_a, reviewer):
    """Holding the Department's appraiser position does not let a person of agency A appraise
    A's request (only A's own body's steps, in their own right)."""
    from authority.tests.factories import appraiser

    insider = appraiser(
        UserFactory(username="insider", agency=staff_a.agency, roles=[Role.REVIEWER])
    )
    trip = submitted_at_level(staff_a, "province")
    api.force_authenticate(insider)
    refused = _post(api, trip, "appraise", {"opinion": "approve"})
    assert refused.status_code in (403, 404)
    trip.refresh_from_db()
    assert trip.status == "submitted"
