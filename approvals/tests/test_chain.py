"""The approval chain per management level and kind of trip (issues 13, 23): the competent
authority's steps (authority.Authority, seeded with the law's defaults), table-driven."""

import pytest

from approvals.chain import StepSpec, authority_of, highest_level, steps_of
from authority.models import Authority, Body

LEADERS = ("head", "deputy", "acting_head")


class Trip:
    """What authority_of reads of a request."""

    def __init__(self, kind="business"):
        self.kind, self.status = kind, "draft"


def expected(name):
    province, department = Body.objects.province().pk, Body.objects.department().pk
    return {
        "one": [StepSpec("decide", None, LEADERS)],
        # The agency's head signs the proposal first (issue 23), of the agency's own body.
        "two": [
            StepSpec("propose", None, LEADERS),
            StepSpec("appraise", department, ("appraiser",)),
            StepSpec("decide", province, LEADERS),
        ],
        "three": [
            StepSpec("propose", None, LEADERS),
            StepSpec("appraise", department, ("appraiser",)),
            StepSpec("party_opinion", department, ("appraiser",)),
            StepSpec("decide", province, LEADERS),
        ],
    }[name]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "levels, kind, chain",
    [
        (["agency"], "business", "one"),
        (["agency"], "private", "one"),
        (["agency", "agency", "agency"], "business", "one"),
        (["province"], "business", "two"),
        (["province"], "private", "two"),
        (["agency", "province"], "business", "two"),
        (["standing_committee"], "business", "three"),
        (["standing_committee"], "private", "three"),
        (["agency", "standing_committee", "province"], "business", "three"),
        ([], "business", "one"),  # no members yet: the lowest level
    ],
)
def test_steps_by_highest_level_and_kind(levels, kind, chain):
    assert steps_of(authority_of(Trip(kind), levels)) == expected(chain)


@pytest.mark.django_db
def test_a_province_may_give_one_kind_its_own_authority():
    province = Body.objects.province().pk
    Authority.objects.create(
        level="province",
        kind="private",
        issuing_body_id=province,
        steps=[{"action": "decide", "body": province, "positions": ["head"]}],
    )
    assert steps_of(authority_of(Trip("private"), ["province"])) == [
        StepSpec("decide", province, ("head",))
    ]
    assert steps_of(authority_of(Trip("business"), ["province"])) == expected("two")


@pytest.mark.django_db
def test_a_level_without_authority_is_a_conflict_with_a_message():
    from approvals.chain import NoAuthority

    Authority.objects.filter(level="province").delete()
    with pytest.raises(NoAuthority) as refused:
        authority_of(Trip(), ["province"])
    assert "Chưa thiết lập thẩm quyền" in refused.value.message


def test_highest_level_order():
    assert highest_level(["province", "standing_committee"]) == "standing_committee"
    assert highest_level(["agency"]) == "agency"
