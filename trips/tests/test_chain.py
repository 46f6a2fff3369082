"""The approval chain per management level and kind of trip (issue 13), table-driven."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from trips.chain import StepSpec, highest_level, steps_for

DEFAULT = {
    "agency": ["decide:reviewer"],
    "province": ["appraise", "decide"],
    "standing_committee": ["appraise", "party_opinion", "decide"],
}
ONE_STEP = [StepSpec("decide", "reviewer")]
TWO_STEPS = [StepSpec("appraise", "reviewer"), StepSpec("decide", "decider")]
THREE_STEPS = [
    StepSpec("appraise", "reviewer"),
    StepSpec("party_opinion", "reviewer"),
    StepSpec("decide", "decider"),
]


@pytest.mark.parametrize(
    "levels, kind, expected",
    [
        (["agency"], "business", ONE_STEP),
        (["agency"], "private", ONE_STEP),
        (["agency", "agency", "agency"], "business", ONE_STEP),
        (["province"], "business", TWO_STEPS),
        (["province"], "private", TWO_STEPS),
        (["agency", "province"], "business", TWO_STEPS),
        (["standing_committee"], "business", THREE_STEPS),
        (["standing_committee"], "private", THREE_STEPS),
        (["agency", "standing_committee", "province"], "business", THREE_STEPS),
        ([], "business", ONE_STEP),  # no members yet: the lowest level
    ],
)
def test_steps_by_highest_level_and_kind(levels, kind, expected):
    assert steps_for(levels=levels, kind=kind, chains=DEFAULT) == expected


def test_a_province_may_give_one_kind_its_own_chain():
    chains = {**DEFAULT, "private:province": ["decide:reviewer"]}
    assert steps_for(levels=["province"], kind="private", chains=chains) == ONE_STEP
    assert steps_for(levels=["province"], kind="business", chains=chains) == TWO_STEPS


def test_a_province_may_let_the_decider_decide_every_level():
    chains = {**DEFAULT, "agency": ["appraise", "decide"]}
    assert steps_for(levels=["agency"], kind="business", chains=chains) == TWO_STEPS


@pytest.mark.parametrize(
    "broken",
    [
        {**DEFAULT, "province": []},
        {**DEFAULT, "province": ["appraise"]},  # no decision
        {**DEFAULT, "province": ["decide", "decide"]},
        {**DEFAULT, "province": ["sign"]},
        {**DEFAULT, "province": ["decide:mayor"]},
        {"agency": ["decide"]},  # levels missing
    ],
)
def test_a_broken_setting_is_refused_clearly(broken):
    with pytest.raises(ImproperlyConfigured):
        steps_for(levels=["agency"], kind="business", chains=broken)


def test_highest_level_order():
    assert highest_level(["province", "standing_committee"]) == "standing_committee"
    assert highest_level(["agency"]) == "agency"


def test_a_broken_setting_fails_the_system_check(settings):
    from trips.chain import check_approval_chains

    assert check_approval_chains() == []
    settings.APPROVAL_CHAINS = {"agency": ["appraise"]}
    (error,) = check_approval_chains()
    assert error.id == "trips.E101"
