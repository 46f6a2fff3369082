"""The rules on real rows: what the facts step counts, and how many queries it costs."""

import datetime as dt

import pytest
from django.utils import timezone

from agencies.tests.factories import DisciplinaryReviewFactory, OfficialFactory
from core.calendar import load_calendar
from passports.models import Handout, Passport
from passports.tests.factories import PassportFactory
from plans.tests.factories import PlanLineFactory
from reports.models import PostTripReport
from trips import policy
from trips.models import TripRequest
from trips.policy.facts import MemberData, TripData
from trips.tests.factories import TripFactory

D = dt.date
S = TripRequest.Status
pytestmark = pytest.mark.django_db
TODAY = D(2027, 3, 1)


def data_for(
    officials, *, kind="business", start=dt.date(2027, 6, 7), end=dt.date(2027, 6, 11), **kw
):
    return TripData(
        kind=kind,
        agency_id=officials[0].agency_id,
        departure_date=start,
        return_date=end,
        members=[MemberData(o.id, i == 0) for i, o in enumerate(officials)],
        countries=["JP"],
        **kw,
    )


def codes(data, today=TODAY):
    return [f.code for f in policy.check(data, today=today)]


@pytest.mark.parametrize(
    ("statuses", "blocked"),
    [
        ([S.APPROVED, S.COMPLETED], True),
        ([S.APPROVED, S.WITHDRAWN], False),
        ([S.APPROVED, S.REJECTED], False),
        ([S.APPROVED, S.CANCELLED], False),
        ([S.APPROVED, S.DRAFT], False),
        ([S.APPROVED, S.RETURNED], False),
    ],
)
def test_quota_counts_only_approved_and_completed(statuses, blocked):
    a = OfficialFactory()
    for month, status in zip((2, 4), statuses, strict=True):
        TripFactory(
            agency=a.agency,
            status=status,
            departure_date=D(2027, month, 1),
            return_date=D(2027, month, 3),
            members=[a],
        )
    assert ("TRIP_QUOTA_EXCEEDED" in codes(data_for([a]))) is blocked


def test_a_saved_request_does_not_count_against_itself():
    a = OfficialFactory()
    TripFactory(
        agency=a.agency,
        status=S.APPROVED,
        departure_date=D(2027, 2, 1),
        return_date=D(2027, 2, 2),
        members=[a],
    )
    this = TripFactory(agency=a.agency, status=S.APPROVED, members=[a])
    assert "TRIP_QUOTA_EXCEEDED" not in [
        f.code for f in policy.check(TripData.from_trip(this), today=TODAY)
    ]


def test_key_leader_overlap_from_the_database():
    leader = OfficialFactory(is_key_leader=True)
    second = OfficialFactory(agency=leader.agency, is_key_leader=True)
    elsewhere = OfficialFactory(is_key_leader=True)
    TripFactory(agency=elsewhere.agency, status=S.APPROVED, members=[elsewhere])
    assert "KEY_LEADERS_OVERLAP" not in codes(data_for([leader]))
    TripFactory(
        agency=leader.agency,
        status=S.APPROVED,
        kind="private",
        departure_date=D(2027, 6, 11),
        return_date=D(2027, 6, 20),
        members=[second],
    )
    assert "KEY_LEADERS_OVERLAP" in codes(data_for([leader]))
    assert "KEY_LEADERS_OVERLAP" not in codes(data_for([leader], end=D(2027, 6, 10)))


@pytest.mark.parametrize(
    ("closed_on", "blocked"), [(TODAY - dt.timedelta(days=1), False), (None, True), (TODAY, True)]
)
def test_discipline_review_closed_the_day_before_vs_open(closed_on, blocked):
    a = OfficialFactory()
    DisciplinaryReviewFactory(official=a, opened_on=D(2027, 1, 4), closed_on=closed_on)
    assert ("UNDER_DISCIPLINARY_REVIEW" in codes(data_for([a]))) is blocked


SUBMITTED_ON = D(2027, 2, 1)


@pytest.mark.parametrize(
    ("opened_on", "closed_on", "blocked"),
    [
        (D(2027, 1, 4), SUBMITTED_ON - dt.timedelta(days=1), False),  # closed the day before
        (D(2027, 1, 4), SUBMITTED_ON, True),  # closed on the submission day
        (D(2027, 2, 5), D(2027, 2, 20), True),  # opened and closed while the request waited
        (D(2027, 1, 4), None, True),
        (D(2027, 6, 12), None, False),  # opened after the return
    ],
)
def test_the_discipline_window_starts_at_submission(opened_on, closed_on, blocked):
    """On approval (today 1/3/2027) the window still starts at the submission date."""
    a = OfficialFactory()
    DisciplinaryReviewFactory(official=a, opened_on=opened_on, closed_on=closed_on)
    data = data_for([a], submitted_on=SUBMITTED_ON)
    assert ("UNDER_DISCIPLINARY_REVIEW" in codes(data)) is blocked


def test_a_request_is_submitted_on_its_submission_date_until_it_is_returned():
    a = OfficialFactory()
    submitted_at = timezone.make_aware(dt.datetime(2027, 2, 1, 23, 30))  # still 1/2 in Hà Nội
    trip = TripFactory(agency=a.agency, status=S.SUBMITTED, submitted_at=submitted_at)
    assert TripData.from_trip(trip).submitted_on == SUBMITTED_ON
    trip.status = S.RETURNED  # back in its authors' hands: checked from today again
    assert TripData.from_trip(trip).submitted_on is None
    assert TripData.from_trip(TripFactory(status=S.DRAFT)).submitted_on is None


def test_a_review_opening_after_return_does_not_block():
    a = OfficialFactory()
    DisciplinaryReviewFactory(official=a, opened_on=D(2027, 6, 12))
    assert "UNDER_DISCIPLINARY_REVIEW" not in codes(data_for([a]))


def test_passport_and_overdue_report_from_the_database():
    a = OfficialFactory()
    assert "PASSPORT_NOT_READY" in codes(data_for([a]))
    PassportFactory(official=a, expires_on=D(2027, 12, 11))
    assert "PASSPORT_NOT_READY" not in codes(data_for([a]))

    owed = TripFactory(
        agency=a.agency,
        status=S.COMPLETED,
        departure_date=D(2027, 1, 18),
        return_date=D(2027, 1, 22),
        report_due_on=D(2027, 2, 2),
        members=[a],
    )
    assert "REPORT_OVERDUE" in codes(data_for([a]))
    assert "REPORT_OVERDUE" not in codes(data_for([a]), today=D(2027, 2, 2))
    report = PostTripReport.objects.create(
        trip=owed, due_on=D(2027, 2, 2), status=PostTripReport.Status.DRAFT
    )
    assert "REPORT_OVERDUE" in codes(data_for([a]))  # begun is not filed
    report.status = PostTripReport.Status.SUBMITTED
    report.save(update_fields=["status"])
    assert "REPORT_OVERDUE" not in codes(data_for([a]))


def _out_for_another_trip(official):
    """The member's passport handed out for an approved trip returning Monday 31/5/2027,
    due back 5 working days later, Monday 7/6/2027."""
    other = TripFactory(
        agency=official.agency,
        kind="private",
        status=S.APPROVED,
        departure_date=D(2027, 5, 24),
        return_date=D(2027, 5, 31),
        members=[official],
    )
    passport = PassportFactory(official=official, status=Passport.Status.HANDED_OUT)
    Handout.objects.create(
        passport=passport,
        trip=other,
        handed_out_on=D(2027, 5, 20),
        received_by=official.full_name,
        due_back_on=D(2027, 6, 7),
    )
    return other


@pytest.mark.parametrize(("departure", "ready"), [(D(2027, 6, 8), True), (D(2027, 6, 7), False)])
def test_a_passport_out_for_another_trip_is_ready_if_due_back_before_departure(
    departure, ready, django_assert_num_queries
):
    a = OfficialFactory()
    _out_for_another_trip(a)
    load_calendar()  # cached, as a warm process has it
    with django_assert_num_queries(5):  # a business check's 7 less the plan's 2 (a private trip)
        found = codes(data_for([a], kind="private", start=departure))
    assert ("PASSPORT_NOT_READY" not in found) is ready


@pytest.mark.parametrize(("cost", "over"), [(60_000_000, False), (60_000_001, True)])
def test_plan_budget_exactly_at_budget_and_one_dong_over(cost, over):
    a = OfficialFactory()
    line = PlanLineFactory(plan__agency=a.agency, plan__year=2027, budget_vnd=100_000_000)
    TripFactory(
        agency=a.agency,
        status=S.APPROVED,
        plan_line=line,
        estimated_cost_vnd=40_000_000,
        members=[OfficialFactory(agency=a.agency)],
    )
    TripFactory(agency=a.agency, status=S.REJECTED, plan_line=line, estimated_cost_vnd=90_000_000)
    found = codes(data_for([a], plan_line_id=line.id, estimated_cost_vnd=cost))
    assert "NOT_IN_ANNUAL_PLAN" not in found
    assert ("OVER_PLAN_BUDGET" in found) is over


def test_a_line_of_another_year_or_an_unapproved_plan_is_not_in_the_plan():
    a = OfficialFactory()
    old = PlanLineFactory(plan__agency=a.agency, plan__year=2026)
    draft = PlanLineFactory(plan__agency=a.agency, plan__year=2027, plan__status="draft")
    assert "NOT_IN_ANNUAL_PLAN" in codes(data_for([a], plan_line_id=old.id))
    assert "NOT_IN_ANNUAL_PLAN" in codes(data_for([a], plan_line_id=draft.id))


@pytest.mark.parametrize(
    ("other_status", "at_risk"),
    [
        (S.SUBMITTED, True),
        (S.RETURNED, True),  # returned for changes is still alive (POLICY.md, settled readings)
        (S.DRAFT, False),
        (S.WITHDRAWN, False),
        (S.REJECTED, False),
    ],
)
def test_quota_at_risk_counts_pending_requests_returned_included(other_status, at_risk):
    a = OfficialFactory()
    for month, status in ((2, S.APPROVED), (4, other_status)):
        TripFactory(
            agency=a.agency,
            status=status,
            departure_date=D(2027, month, 1),
            return_date=D(2027, month, 3),
            members=[a],
        )
    assert ("TRIP_QUOTA_AT_RISK" in codes(data_for([a]))) is at_risk


def _busy_history(officials):
    """Each member with approved, pending and private trips, passports and a review."""
    for o in officials:
        PassportFactory(official=o)
        _out_for_another_trip(o)  # a second passport, out for a trip
        DisciplinaryReviewFactory(official=o, opened_on=D(2020, 1, 1), closed_on=D(2020, 6, 1))
        for month, status, kind in [
            (1, S.COMPLETED, "business"),
            (3, S.SUBMITTED, "business"),
            (4, S.APPROVED, "private"),
        ]:
            TripFactory(
                agency=o.agency,
                status=status,
                kind=kind,
                departure_date=D(2027, month, 20),
                return_date=D(2027, month, 22),
                members=[o],
                report_due_on=D(2027, month, 28),
            )


def test_a_check_costs_the_same_few_queries_for_1_and_10_members(django_assert_num_queries):
    one = [OfficialFactory(is_key_leader=True)]
    ten = [one[0], *OfficialFactory.create_batch(9, agency=one[0].agency)]
    _busy_history(ten)
    line = PlanLineFactory(plan__agency=one[0].agency, plan__year=2027)
    # 1 officials, 2 trip memberships (other trips, key leaders' absences, overdue reports),
    # 3 discipline reviews, 4 passports, 5 approved plan with its budget and spending,
    # 6 plan line, 7 the agencies' head counts and absences. The calendar's overrides are
    # cached (core.calendar), as a warm process has them.
    load_calendar()
    with django_assert_num_queries(7):
        small = policy.check(data_for(one, plan_line_id=line.id), today=TODAY)
    with django_assert_num_queries(7):
        large = policy.check(data_for(ten, plan_line_id=line.id), today=TODAY)
    assert "TRIP_QUOTA_AT_RISK" in [f.code for f in small]
    assert [f.code for f in large].count("TRIP_QUOTA_AT_RISK") == 10
