"""The signature block from the position and the capacity (Decree 30, Art. 13; issue 23)."""

import datetime as dt

import pytest

from accounts.models import Substitution
from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory
from authority.signing_capacity import capacity_of
from authority.tests.factories import K, body_of, hold, province

pytestmark = pytest.mark.django_db
TODAY = dt.date(2027, 3, 1)


def _substitution(principal, substitute, signs_as=""):
    return Substitution.objects.create(
        principal=principal, substitute=substitute, starts_on=TODAY, ends_on=TODAY,
        created_by=principal, signs_as=signs_as,
    )  # fmt: skip


def _cap(actor, body, substitution=None):
    c = capacity_of(actor=actor, body=body, substitution=substitution, day=TODAY)
    return c.signed_as, c.title, c.head_title, c.acting_for


def test_the_head_signs_in_own_right():
    chair = hold(UserFactory(), province(), K.HEAD)
    assert _cap(chair, province()) == ("", "CHỦ TỊCH", "CHỦ TỊCH", "")


def test_a_deputy_always_signs_kt_with_or_without_a_substitution():
    chair = hold(UserFactory(username="chutich"), province(), K.HEAD)
    vice = hold(UserFactory(), province(), K.DEPUTY)
    assert _cap(vice, province()) == ("KT.", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "")
    named = _substitution(chair, vice)
    assert _cap(vice, province(), named) == ("KT.", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "chutich")


def test_an_acting_head_signs_q():
    acting = hold(UserFactory(), province(), K.ACTING_HEAD, title="PHÓ CHỦ TỊCH")
    assert _cap(acting, province())[:1] == ("Q.",)


def test_the_office_chief_by_substitution_signs_tuq_over_own_title():
    chair = hold(UserFactory(username="chutich"), province(), K.HEAD)
    chief = hold(UserFactory(), province(), K.OFFICE_CHIEF)
    named = _substitution(chair, chief)
    assert _cap(chief, province(), named) == (
        "TUQ.",
        "CHÁNH VĂN PHÒNG",
        "CHỦ TỊCH",
        "chutich",
    )


def test_an_agency_s_head_and_deputy_sign_with_the_agency_s_titles():
    body = body_of(AgencyFactory(name="Sở Ngoại vụ"))
    director = hold(UserFactory(), body, K.HEAD)
    deputy = hold(UserFactory(), body, K.DEPUTY)
    assert _cap(director, body)[:3] == ("", "GIÁM ĐỐC", "GIÁM ĐỐC")
    assert _cap(deputy, body)[:3] == ("KT.", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC")


def test_a_position_that_ended_no_longer_signs():
    past = hold(UserFactory(), province(), K.DEPUTY, until=TODAY - dt.timedelta(days=1))
    assert _cap(past, province())[0] == ""  # no position: never KT., never a title of its own


def _collective(actor, body):
    c = capacity_of(actor=actor, body=body, day=TODAY, collective=True)
    return c.signed_as, c.title, c.head_title, c.collective


def test_the_head_signs_a_collective_decision_tm_with_the_collective_s_name():
    chair = hold(UserFactory(), province(), K.HEAD)
    assert _collective(chair, province()) == ("TM.", "CHỦ TỊCH", "CHỦ TỊCH", "ỦY BAN NHÂN DÂN")


def test_a_deputy_signs_a_collective_decision_tm_and_kt():
    hold(UserFactory(), province(), K.HEAD)
    vice = hold(UserFactory(), province(), K.DEPUTY)
    assert _collective(vice, province())[:2] == ("TM. KT.", "PHÓ CHỦ TỊCH")


def test_a_unit_head_signs_tl_over_own_title_never_for_the_collective():
    body = body_of(AgencyFactory(name="Sở Tài chính"))
    hold(UserFactory(), body, K.HEAD)
    chief = hold(UserFactory(), body, K.UNIT_HEAD, title="Chánh Văn phòng")
    assert _cap(chief, body) == ("TL.", "CHÁNH VĂN PHÒNG", "GIÁM ĐỐC", "")
    assert _collective(chief, body)[0] == "TL."  # TM. is its leaders' alone


def test_the_printed_blocks_of_tm_and_tl():
    from documents.contexts import Signature

    def lines(signed_as, title, head="CHỦ TỊCH"):
        return Signature(
            name="X", title=title, signed_as=signed_as, acting_for_title=head,
            collective="ỦY BAN NHÂN DÂN",
        ).lines  # fmt: skip

    assert lines("TM.", "CHỦ TỊCH", "") == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert lines("TM. KT.", "PHÓ CHỦ TỊCH") == [
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    assert lines("TM. Q.", "PHÓ CHỦ TỊCH") == ["TM. ỦY BAN NHÂN DÂN", "Q. CHỦ TỊCH"]
    assert lines("TL.", "CHÁNH VĂN PHÒNG", "GIÁM ĐỐC") == ["TL. GIÁM ĐỐC", "CHÁNH VĂN PHÒNG"]
