"""TM. and TL. (Decree 30, Art. 13 and Appendix I; issue 24), derived from data and shown in
the decision and the API's `signed_as`: a collective's decision (an authority marked
collective) is signed "TM. ỦY BAN NHÂN DÂN" over the Chairman's block, or over a deputy's
"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"; a unit head the head assigned signs "TL. GIÁM ĐỐC" over their
own title."""

import pytest

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from approvals.tests.chain_helpers import decider_user, submitted_at_level
from authority.models import Authority
from authority.tests.factories import K, body_of, hold, province
from documents.contexts import Signature
from documents.models import IssuedDocument

pytestmark = pytest.mark.django_db


def _post(api, trip, action, body=None):
    return api.post(f"/api/v1/trips/{trip.pk}/{action}/", body or {"note": ""}, format="json")


def _decided(api, trip, decider):
    api.force_authenticate(decider)
    response = _post(api, trip, "approve")
    assert response.status_code == 200, response.json()
    decision = api.get(f"/api/v1/trips/{trip.pk}/decision/").json()
    row = IssuedDocument.objects.get(trip=trip, kind=IssuedDocument.Kind.DECISION)
    return decision, Signature(**row.content["document"]["signature"]).lines


def _appraised(api, staff, reviewer):
    trip = submitted_at_level(staff, "province")
    api.force_authenticate(reviewer)
    assert _post(api, trip, "appraise", {"opinion": "approve"}).status_code == 200
    return trip


@pytest.fixture
def collective(db):
    """The People's Committee decides for province-level officials as a collective."""
    Authority.objects.filter(level="province").update(collective=True)


def test_the_chairman_signs_a_collective_decision_tm(api, staff_a, reviewer, collective):
    chairman = decider_user(username="chutich", first_name="Lê Văn", last_name="Bình")
    trip = _appraised(api, staff_a, reviewer)

    decision, lines = _decided(api, trip, chairman)

    assert (decision["signed_as"], decision["signer_title"]) == ("TM.", "CHỦ TỊCH")
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]


def test_a_vice_chairman_signs_a_collective_decision_tm_then_kt(api, staff_a, reviewer, collective):
    decider_user(username="chutich")
    vice = hold(UserFactory(username="pct", roles=[Role.DECIDER]), province(), K.DEPUTY)
    trip = _appraised(api, staff_a, reviewer)

    decision, lines = _decided(api, trip, vice)

    assert (decision["signed_as"], decision["signer_title"]) == ("TM. KT.", "PHÓ CHỦ TỊCH")
    assert lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def test_without_the_mark_the_chairman_signs_in_his_own_name(api, staff_a, reviewer):
    chairman = decider_user(username="chutich")
    trip = _appraised(api, staff_a, reviewer)
    decision, lines = _decided(api, trip, chairman)
    assert decision["signed_as"] == "" and lines == ["CHỦ TỊCH"]


def test_a_unit_head_assigned_by_the_director_signs_tl_over_own_title(api, staff_a, head_a):
    body = body_of(staff_a.agency)
    Authority.objects.filter(level="agency", kind="").update(
        steps=[{"action": "decide", "body": None, "positions": ["head", "unit_head"]}]
    )
    chief = UserFactory(username="cvp", agency=staff_a.agency, roles=[Role.AGENCY_HEAD])
    hold(chief, body, K.UNIT_HEAD, title="CHÁNH VĂN PHÒNG")
    trip = submitted_at_level(staff_a, "agency")

    decision, lines = _decided(api, trip, chief)

    assert (decision["signed_as"], decision["signer_title"]) == ("TL.", "CHÁNH VĂN PHÒNG")
    assert lines == ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]
    assert decision["symbol"].endswith("/QĐ-SNgV")


def test_the_collective_mark_is_set_through_the_api_with_an_audit_row(api, administrator):
    from authority.models import AuthorityChange

    row = Authority.objects.get(level="province", kind="")
    body = {
        "level": "province",
        "issuing_body": row.issuing_body_id,
        "steps": row.steps,
        "collective": True,
    }
    api.force_authenticate(administrator)
    done = api.put("/api/v1/authorities/", body, format="json")
    assert done.status_code == 200 and done.json()["collective"] is True
    assert Authority.objects.get(pk=row.pk).collective
    change = AuthorityChange.objects.filter(target="authority:province:").latest("at")
    assert change.new_value["collective"] is True
