"""Each rule of POLICY.md at its boundaries, on facts built in memory (no database)."""

import datetime as dt

import pytest

from passports.fitness import add_months
from plans.models import PlanLine
from trips.policy import rules
from trips.policy.config import PolicyConfig
from trips.policy.facts import PlanFacts
from trips.tests.facts_builder import facts, official, other, passport, review, trip

D = dt.date


def codes(found):
    return [f.code for f in found]


def run(rule, f):
    return codes(getattr(rules, rule)(f))


# --- DELEGATION_TOO_LARGE and LARGE_DELEGATION ------------------------------------------


@pytest.mark.parametrize(
    ("size", "too_large", "large"),
    [(1, False, False), (5, False, False), (6, False, True), (10, False, True), (11, True, True)],
)
def test_delegation_size(size, too_large, large):
    people = [official() for _ in range(size)]
    f = facts(trip(people), people)
    assert bool(run("DELEGATION_TOO_LARGE", f)) is too_large
    assert bool(run("LARGE_DELEGATION", f)) is large


def test_thresholds_come_from_the_config():
    people = [official() for _ in range(8)]
    f = facts(trip(people), people, config=PolicyConfig(max_delegation_size=7))
    found = rules.DELEGATION_TOO_LARGE(f)
    assert found[0].severity == "block"
    assert "8 người" in found[0].message and "7 người" in found[0].message


# --- TRIP_QUOTA_EXCEEDED / TRIP_QUOTA_AT_RISK --------------------------------------------


def test_quota_two_trips_then_a_third_is_blocked():
    a = official(name="Nguyễn Văn A")
    one = [other(a, start=D(2027, 2, 1), end=D(2027, 2, 3))]
    two = [*one, other(a, start=D(2027, 4, 1), end=D(2027, 4, 3))]
    assert run("TRIP_QUOTA_EXCEEDED", facts(trip([a]), [a], other_trips=one)) == []
    found = rules.TRIP_QUOTA_EXCEEDED(facts(trip([a]), [a], other_trips=two))
    assert codes(found) == ["TRIP_QUOTA_EXCEEDED"]
    assert found[0].officials == (a.id,)
    assert "Ông Nguyễn Văn A đã có 2 chuyến công tác nước ngoài năm 2027" in found[0].message
    assert found[0].basis.endswith("L5")


@pytest.mark.parametrize(
    ("earlier_departure", "counts"),
    [(D(2026, 12, 31), False), (D(2027, 1, 1), True)],
)
def test_quota_counts_by_year_of_departure(earlier_departure, counts):
    a = official()
    history = [
        other(a, start=earlier_departure, end=earlier_departure + dt.timedelta(days=4)),
        other(a, start=D(2027, 3, 1), end=D(2027, 3, 4)),
    ]
    assert bool(run("TRIP_QUOTA_EXCEEDED", facts(trip([a]), [a], other_trips=history))) is counts


@pytest.mark.parametrize("status", ["submitted"])
def test_pending_requests_only_warn(status):
    a = official()
    history = [
        other(a, start=D(2027, 2, 1), end=D(2027, 2, 3)),
        other(a, status=status, start=D(2027, 4, 1), end=D(2027, 4, 3)),
    ]
    f = facts(trip([a]), [a], other_trips=history)
    assert run("TRIP_QUOTA_EXCEEDED", f) == []
    assert run("TRIP_QUOTA_AT_RISK", f) == ["TRIP_QUOTA_AT_RISK"]


def test_private_trips_do_not_use_the_business_quota():
    a = official()
    history = [other(a, kind="private", start=D(2027, m, 1), end=D(2027, m, 2)) for m in (2, 3)]
    assert run("TRIP_QUOTA_EXCEEDED", facts(trip([a]), [a], other_trips=history)) == []


# --- KEY_LEADERS_TOGETHER / KEY_LEADERS_OVERLAP -----------------------------------------


@pytest.mark.parametrize(("agency_of_second", "blocked"), [(1, True), (2, False)])
def test_key_leaders_together(agency_of_second, blocked):
    first = official(agency_id=1, key_leader=True)
    second = official(agency_id=agency_of_second, key_leader=True)
    f = facts(trip([first, second]), [first, second])
    assert bool(run("KEY_LEADERS_TOGETHER", f)) is blocked


@pytest.mark.parametrize(
    ("their_return", "blocked"),
    [(D(2027, 6, 7), True), (D(2027, 6, 6), False)],  # one shared day vs none
)
def test_key_leaders_overlap(their_return, blocked):
    leader = official(agency_id=1, key_leader=True)
    other_leader = official(agency_id=1, key_leader=True)
    absence = other(other_leader, kind="private", start=D(2027, 6, 1), end=their_return)
    for kind in ("business", "private"):
        f = facts(trip([leader], kind=kind), [leader], key_leader_absences=[absence])
        assert bool(run("KEY_LEADERS_OVERLAP", f)) is blocked


def test_key_leaders_of_another_agency_may_overlap():
    leader = official(agency_id=1, key_leader=True)
    elsewhere = official(agency_id=2, key_leader=True)
    absence = other(elsewhere, start=D(2027, 6, 1), end=D(2027, 6, 30))
    assert (
        run("KEY_LEADERS_OVERLAP", facts(trip([leader]), [leader], key_leader_absences=[absence]))
        == []
    )


def test_an_ordinary_member_is_not_a_key_leader_clash():
    member = official(agency_id=1)
    other_leader = official(agency_id=1, key_leader=True)
    absence = other(other_leader, start=D(2027, 6, 1), end=D(2027, 6, 30))
    assert (
        run("KEY_LEADERS_OVERLAP", facts(trip([member]), [member], key_leader_absences=[absence]))
        == []
    )


# --- ENTERPRISE_SPONSORED / NAMED_INVITATION --------------------------------------------


@pytest.mark.parametrize(
    ("organiser", "funded", "blocked"),
    [
        ("enterprise", False, True),
        ("foreign_government", True, True),
        ("foreign_government", False, False),
        ("international_organisation", False, False),
    ],
)
def test_enterprise_sponsored(organiser, funded, blocked):
    a = official()
    f = facts(trip([a], organiser_type=organiser, funded_by_enterprise=funded), [a])
    assert bool(run("ENTERPRISE_SPONSORED", f)) is blocked


def test_named_invitation_by_foreign_enterprise():
    a = official()
    assert run("NAMED_INVITATION_BY_FOREIGN_ENTERPRISE", facts(trip([a]), [a])) == []
    f = facts(trip([a], named_invitation_by_foreign_enterprise=True), [a])
    assert run("NAMED_INVITATION_BY_FOREIGN_ENTERPRISE", f) == [
        "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE"
    ]


# --- UNDER_DISCIPLINARY_REVIEW ----------------------------------------------------------


def test_an_open_review_blocks_and_names_the_official():
    a = official(name="Trần Thị B", gender="female")
    found = rules.UNDER_DISCIPLINARY_REVIEW(facts(trip([a]), [a], reviews=[review(a)]))
    assert codes(found) == ["UNDER_DISCIPLINARY_REVIEW"]
    assert "Bà Trần Thị B" in found[0].message
    assert run(
        "UNDER_DISCIPLINARY_REVIEW", facts(trip([a], kind="private"), [a], reviews=[review(a)])
    )


def test_a_review_closed_while_the_request_waited_is_named_with_its_dates():
    a = official(name="Trần Thị B", gender="female")
    closed = review(a, opened=D(2027, 1, 4), closed=D(2027, 2, 1))
    found = rules.UNDER_DISCIPLINARY_REVIEW(facts(trip([a]), [a], reviews=[closed]))
    assert "từ 04/01/2027 đến 01/02/2027" in found[0].message
    # A review still open is the one named.
    still_open = review(a, opened=D(2027, 2, 10))
    found = rules.UNDER_DISCIPLINARY_REVIEW(facts(trip([a]), [a], reviews=[closed, still_open]))
    assert "đang trong thời gian xem xét kỷ luật" in found[0].message
    assert "10/02/2027" in found[0].message


# --- LEAVE_CAP_EXCEEDED -----------------------------------------------------------------


def private(a, start, end):
    return trip([a], kind="private", start=start, end=end)


@pytest.mark.parametrize(
    ("start", "end", "service_start", "blocked"),
    [
        # 2027-07-05 (Mon) .. 07-20 (Tue): 12 working days = the entitlement exactly.
        (D(2027, 7, 5), D(2027, 7, 20), D(2024, 1, 1), False),
        # One more working day (Friday 2 July): 13 > 12.
        (D(2027, 7, 2), D(2027, 7, 20), D(2024, 1, 1), True),
        # Same 13 days, but 5 full years of service by 1 January 2027: 13 days allowed.
        (D(2027, 7, 2), D(2027, 7, 20), D(2022, 1, 1), False),
        # Service from 2 January 2022: not 5 full years by 1 January 2027.
        (D(2027, 7, 2), D(2027, 7, 20), D(2022, 1, 2), True),
        # Weekends are free: Saturday 3 July .. Sunday 18 July is 10 working days.
        (D(2027, 7, 3), D(2027, 7, 18), D(2024, 1, 1), False),
        # Tết 2027 (4–10 Feb) costs no leave: 25 Jan .. 16 Feb is 12 working days.
        (D(2027, 1, 25), D(2027, 2, 16), D(2024, 1, 1), False),
    ],
)
def test_leave_cap_in_working_days(start, end, service_start, blocked):
    a = official(service_start_date=service_start)
    assert bool(run("LEAVE_CAP_EXCEEDED", facts(private(a, start, end), [a]))) is blocked


def test_leave_cap_adds_earlier_approved_private_trips():
    a = official()
    earlier = other(a, kind="private", start=D(2027, 3, 1), end=D(2027, 3, 5))  # 5 days
    seven = private(a, D(2027, 7, 5), D(2027, 7, 13))  # 7 working days
    eight = private(a, D(2027, 7, 5), D(2027, 7, 14))  # 8 working days
    assert run("LEAVE_CAP_EXCEEDED", facts(seven, [a], other_trips=[earlier])) == []
    found = rules.LEAVE_CAP_EXCEEDED(facts(eight, [a], other_trips=[earlier]))
    assert codes(found) == ["LEAVE_CAP_EXCEEDED"]
    assert "12 ngày làm việc năm 2027" in found[0].message
    pending = other(a, kind="private", status="submitted", start=D(2027, 3, 1), end=D(2027, 3, 5))
    assert run("LEAVE_CAP_EXCEEDED", facts(eight, [a], other_trips=[pending])) == []


def test_leave_cap_counts_each_year_separately_across_new_year():
    a = official()
    # 10 working days used in 2026 already; a trip of 22/12/2026 .. 8/1/2027 adds 7 in 2026
    # (22, 23, 24, 25, 28, 29, 30, 31 = 8) and 5 in 2027 (4..8 January).
    used_2026 = other(a, kind="private", start=D(2026, 3, 2), end=D(2026, 3, 13))
    f = facts(private(a, D(2026, 12, 22), D(2027, 1, 8)), [a], other_trips=[used_2026])
    found = rules.LEAVE_CAP_EXCEEDED(f)
    assert codes(found) == ["LEAVE_CAP_EXCEEDED"]
    assert "năm 2026" in found[0].message and "năm 2027" not in found[0].message


# --- COMMITMENT_WITHOUT_MANDATE ---------------------------------------------------------


@pytest.mark.parametrize(
    ("commitment", "mandate", "blocked"),
    [
        (True, "", True),
        (True, "   ", True),
        (True, "QĐ 123/QĐ-UBND ngày 05/01/2027", False),
        (False, "", False),
    ],
)
def test_commitment_needs_a_mandate(commitment, mandate, blocked):
    a = official()
    f = facts(trip([a], involves_commitment=commitment, mandate_reference=mandate), [a])
    assert bool(run("COMMITMENT_WITHOUT_MANDATE", f)) is blocked


# --- NOT_IN_ANNUAL_PLAN / OVER_PLAN_BUDGET ----------------------------------------------


def plan_facts(budget, spent, plan_budget=None, plan_spent=0):
    line = PlanLine(id=7, title="Xúc tiến đầu tư", budget_vnd=budget)
    return PlanFacts(
        line=line,
        plan_budget_vnd=plan_budget if plan_budget is not None else budget,
        line_spent_vnd=spent,
        plan_spent_vnd=plan_spent or spent,
    )


def test_not_in_annual_plan_warns_without_a_line_of_the_approved_plan():
    a = official()
    assert run("NOT_IN_ANNUAL_PLAN", facts(trip([a]), [a])) == ["NOT_IN_ANNUAL_PLAN"]
    assert run("NOT_IN_ANNUAL_PLAN", facts(trip([a]), [a], plan=plan_facts(10, 0))) == []


@pytest.mark.parametrize(("cost", "over"), [(40_000_000, False), (40_000_001, True)])
def test_over_plan_budget_at_the_line(cost, over):
    a = official()
    f = facts(trip([a], estimated_cost_vnd=cost), [a], plan=plan_facts(100_000_000, 60_000_000))
    assert bool(run("OVER_PLAN_BUDGET", f)) is over


def test_over_plan_budget_at_the_plan():
    a = official()
    plan = plan_facts(100, 0, plan_budget=500, plan_spent=450)
    assert run("OVER_PLAN_BUDGET", facts(trip([a], estimated_cost_vnd=50), [a], plan=plan)) == []
    found = rules.OVER_PLAN_BUDGET(facts(trip([a], estimated_cost_vnd=51), [a], plan=plan))
    assert codes(found) == ["OVER_PLAN_BUDGET"] and found[0].severity == "warn"


# --- YEAR_EDGE --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "warned"),
    [
        (D(2027, 1, 15), D(2027, 1, 20), True),  # 15 January is in the first 15 days
        (D(2027, 1, 16), D(2027, 1, 20), False),
        (D(2027, 12, 10), D(2027, 12, 16), False),  # 16 December is the 16th day from the end
        (D(2027, 12, 10), D(2027, 12, 17), True),  # 17 December is in the last 15 days
        (D(2027, 2, 8), D(2027, 2, 12), True),  # Tết 2027
        (D(2027, 2, 11), D(2027, 2, 15), False),  # just after Tết
        (D(2026, 12, 30), D(2027, 1, 2), True),  # across the new year
    ],
)
def test_year_edge(start, end, warned):
    a = official()
    for kind in ("business", "private"):
        f = facts(trip([a], kind=kind, start=start, end=end), [a])
        assert bool(run("YEAR_EDGE", f)) is warned


# --- PASSPORT_NOT_READY -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires", "ready"),
    [(D(2027, 12, 11), True), (D(2027, 12, 10), False)],  # return 11/6/2027 + 6 months
)
def test_passport_valid_six_months_after_return(expires, ready):
    a = official()
    f = facts(trip([a]), [a], passports=[passport(a, expires=expires)])
    assert (run("PASSPORT_NOT_READY", f) == []) is ready


def test_business_trips_use_the_official_passport_where_one_is_held():
    a = official()
    both = [
        passport(a, kind="official", expires=D(2027, 7, 1)),  # expires too soon
        passport(a, kind="ordinary", expires=D(2035, 1, 1)),
    ]
    assert run("PASSPORT_NOT_READY", facts(trip([a]), [a], passports=both)) == [
        "PASSPORT_NOT_READY"
    ]
    # A private trip uses the ordinary one.
    assert run("PASSPORT_NOT_READY", facts(trip([a], kind="private"), [a], passports=both)) == []


@pytest.mark.parametrize("status", ["lost", "cancelled", "expired"])
def test_a_passport_out_of_custody_is_not_ready(status):
    a = official()
    f = facts(trip([a]), [a], passports=[passport(a, expires=D(2035, 1, 1), status=status)])
    assert run("PASSPORT_NOT_READY", f) == ["PASSPORT_NOT_READY"]


# Another trip of the member returns Monday 31/5/2027; its passport is due back 5 working
# days later, Monday 7/6/2027.
OTHER_TRIP, OTHER_RETURN = 77, D(2027, 5, 31)


@pytest.mark.parametrize(
    ("status", "out_for", "departure", "overrides", "ready"),
    [
        ("in_custody", None, D(2027, 6, 7), None, True),
        # Out for another trip, due back the day before this departure: ready.
        ("handed_out", (OTHER_TRIP, OTHER_RETURN), D(2027, 6, 8), None, True),
        # Due back on the departure day itself: not ready.
        ("handed_out", (OTHER_TRIP, OTHER_RETURN), D(2027, 6, 7), None, False),
        # The working-day calendar counts: a day off on 2/6 moves the deadline to 8/6.
        ("handed_out", (OTHER_TRIP, OTHER_RETURN), D(2027, 6, 8), {D(2027, 6, 2): False}, False),
        ("handed_out", (OTHER_TRIP, OTHER_RETURN), D(2027, 6, 9), {D(2027, 6, 2): False}, True),
        # Out for this very trip: the member holds it for it.
        ("handed_out", (5, D(2027, 6, 11)), D(2027, 6, 7), None, True),
        # Out, and nobody knows for which trip: not known to come back.
        ("handed_out", None, D(2027, 6, 8), None, False),
        ("lost", None, D(2027, 6, 8), None, False),
        ("cancelled", None, D(2027, 6, 8), None, False),
        ("expired", None, D(2027, 6, 8), None, False),
    ],
)
def test_a_passport_is_ready_in_custody_or_due_back_before_departure(
    status, out_for, departure, overrides, ready
):
    a = official()
    item = passport(a, expires=D(2035, 1, 1), status=status, out_for=out_for)
    this = trip([a], start=departure, end=D(2027, 6, 11), trip_id=5)
    f = facts(this, [a], passports=[item], overrides=overrides)
    assert (run("PASSPORT_NOT_READY", f) == []) is ready


@pytest.mark.parametrize(
    ("official_status", "official_expires", "ready"),
    [
        # Held and valid: the business trip needs it, whatever the ordinary one.
        ("in_custody", D(2035, 1, 1), True),
        # Held but too short for this trip: the ordinary one does not replace it.
        ("in_custody", D(2027, 7, 1), False),
        # Expired (marked, or past its date before the sweep marks it): not held, so the
        # ordinary one is looked at.
        ("expired", D(2027, 2, 1), True),
        ("in_custody", D(2027, 2, 28), True),
        ("lost", D(2035, 1, 1), True),
        ("cancelled", D(2035, 1, 1), True),
    ],
)
def test_where_an_official_passport_is_held(official_status, official_expires, ready):
    a = official()
    passports = [
        passport(a, kind="official", expires=official_expires, status=official_status),
        passport(a, kind="ordinary", expires=D(2035, 1, 1)),
    ]
    f = facts(trip([a]), [a], passports=passports)  # today 1/3/2027
    assert (run("PASSPORT_NOT_READY", f) == []) is ready


def test_no_passport_at_all():
    a = official()
    assert run("PASSPORT_NOT_READY", facts(trip([a]), [a], passports=[])) == ["PASSPORT_NOT_READY"]


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(D(2027, 8, 31), 6) == D(2028, 2, 29)
    assert add_months(D(2026, 8, 31), 6) == D(2027, 2, 28)
    assert add_months(D(2027, 6, 11), 6) == D(2027, 12, 11)


# --- REPORT_OVERDUE ---------------------------------------------------------------------


def test_report_overdue_warns():
    a = official()
    owed = other(a, start=D(2027, 1, 20), end=D(2027, 1, 22))
    assert run("REPORT_OVERDUE", facts(trip([a]), [a], overdue=[owed])) == ["REPORT_OVERDUE"]
    assert run("REPORT_OVERDUE", facts(trip([a]), [a])) == []


# --- switches and optional rules ---------------------------------------------------------


def test_optional_rules_are_off_by_default_and_can_be_switched_on():
    a = official()
    long_trip = trip(
        [a], start=D(2027, 6, 1), end=D(2027, 6, 11), countries=["JP", "KR", "CN", "TH"]
    )
    assert {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"} & set(
        codes(rules.evaluate(facts(long_trip, [a])))
    ) == set()
    config = PolicyConfig(enabled_optional_rules=frozenset({"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"}))
    found = codes(rules.evaluate(facts(long_trip, [a], config=config)))
    assert {"TRIP_TOO_LONG", "TOO_MANY_COUNTRIES"} <= set(found)
    ten_days = trip([a], start=D(2027, 6, 1), end=D(2027, 6, 10))
    assert "TRIP_TOO_LONG" not in codes(rules.evaluate(facts(ten_days, [a], config=config)))


def test_a_rule_can_be_switched_off():
    people = [official() for _ in range(11)]
    config = PolicyConfig(disabled_rules=frozenset({"DELEGATION_TOO_LARGE"}))
    assert "DELEGATION_TOO_LARGE" not in codes(
        rules.evaluate(facts(trip(people), people, config=config))
    )


def test_rules_apply_only_to_their_kind_and_blocks_come_first():
    a = official()
    f = facts(
        trip(
            [a], kind="private", organiser_type="enterprise", start=D(2027, 1, 5), end=D(2027, 1, 8)
        ),
        [a],
    )
    found = rules.evaluate(f)
    assert "ENTERPRISE_SPONSORED" not in codes(found)  # a business-trip rule
    assert codes(found) == ["YEAR_EDGE"]
    people = [official() for _ in range(11)]
    mixed = rules.evaluate(facts(trip(people), people))
    severities = [x.severity for x in mixed]
    assert severities == sorted(severities, key=lambda s: s != "block")


def test_every_code_of_policy_md_has_a_rule():
    expected = {
        "DELEGATION_TOO_LARGE", "TRIP_QUOTA_EXCEEDED", "TRIP_QUOTA_AT_RISK", "KEY_LEADERS_TOGETHER",
        "KEY_LEADERS_OVERLAP", "ENTERPRISE_SPONSORED", "NAMED_INVITATION_BY_FOREIGN_ENTERPRISE",
        "UNDER_DISCIPLINARY_REVIEW", "LEAVE_CAP_EXCEEDED", "COMMITMENT_WITHOUT_MANDATE",
        "NOT_IN_ANNUAL_PLAN", "OVER_PLAN_BUDGET", "YEAR_EDGE", "LARGE_DELEGATION",
        "PASSPORT_NOT_READY", "REPORT_OVERDUE", "TRIP_TOO_LONG", "TOO_MANY_COUNTRIES",
        # POLICY.md, additions of 2026-12-06
        "AGENCY_ABSENCE_SHARE", "DAYS_PER_COUNTRY",
    }  # fmt: skip
    assert set(rules.CODES) == expected
