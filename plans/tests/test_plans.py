"""The plan workflow, its locking and revisions, and planned against actual per line."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.errors import ReasonRequired
from plans import services
from plans.models import AnnualPlan, PlanTransition
from reports.models import PostTripReport
from trips.plan_actuals import lines_with_actuals
from trips.tests.helpers import approved_trip, ready_officials

pytestmark = pytest.mark.django_db
S = AnnualPlan.Status
LINE = {
    "title": "Xúc tiến đầu tư tại Nhật Bản",
    "countries": ["JP"],
    "planned_members": 4,
    "planned_quarter": 2,
    "budget_vnd": 500_000_000,
    "funding_source": "Ngân sách tỉnh",
}


def approved_plan(staff, reviewer, year=2027, lines=None):
    plan = services.plan_create(actor=staff, year=year)
    services.plan_save_lines(plan=plan, actor=staff, lines=lines or [LINE])
    services.plan_submit(plan=plan, actor=staff)
    return services.plan_approve(plan=plan, actor=reviewer)


def test_workflow_and_history(staff_a, reviewer):
    plan = services.plan_create(actor=staff_a, year=2027)
    with pytest.raises(ValidationError, match="ít nhất một nội dung"):
        services.plan_submit(plan=plan, actor=staff_a)
    services.plan_save_lines(plan=plan, actor=staff_a, lines=[LINE])
    services.plan_submit(plan=plan, actor=staff_a)
    with pytest.raises(ReasonRequired):
        services.plan_return(plan=plan, actor=reviewer, reason="")
    services.plan_return(plan=plan, actor=reviewer, reason="Bổ sung nguồn kinh phí")
    services.plan_submit(plan=plan, actor=staff_a)
    services.plan_approve(plan=plan, actor=reviewer, note="Đồng ý")
    plan.refresh_from_db()
    assert plan.status == S.APPROVED
    assert [h.to_status for h in plan.history.all()] == [
        "draft",
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]


def test_an_approved_plan_is_locked(staff_a, reviewer):
    plan = approved_plan(staff_a, reviewer)
    with pytest.raises(Exception, match="Không thể chuyển kế hoạch"):
        services.plan_save_lines(plan=plan, actor=staff_a, lines=[{**LINE, "budget_vnd": 1}])
    assert plan.lines.get().budget_vnd == 500_000_000


def test_a_revision_is_reviewed_again_and_the_old_one_kept(staff_a, reviewer):
    plan = approved_plan(staff_a, reviewer)
    line = plan.lines.get()
    trip = approved_trip(staff_a, reviewer, plan_line=line)
    revision = services.plan_create(actor=staff_a, year=2027)
    assert revision.revision == 2 and revision.status == S.DRAFT
    new_line = revision.lines.get()
    services.plan_save_lines(
        plan=revision, actor=staff_a, lines=[{**LINE, "id": new_line.pk, "budget_vnd": 800_000_000}]
    )
    plan.refresh_from_db()
    assert plan.status == S.APPROVED  # still in force until the revision is approved
    services.plan_submit(plan=revision, actor=staff_a)
    services.plan_approve(plan=revision, actor=reviewer)
    plan.refresh_from_db()
    trip.refresh_from_db()
    assert plan.status == S.SUPERSEDED and plan.lines.get().budget_vnd == 500_000_000
    assert trip.plan_line == new_line  # the trip follows its line into the new revision
    assert AnnualPlan.objects.filter(status=S.APPROVED).get() == revision


def test_only_the_agency_drafts_and_only_reviewers_decide(staff_a, staff_b, reviewer):
    plan = services.plan_create(actor=staff_a, year=2027)
    with pytest.raises(PermissionDenied):
        services.plan_save_lines(plan=plan, actor=staff_b, lines=[LINE])
    services.plan_save_lines(plan=plan, actor=staff_a, lines=[LINE])
    services.plan_submit(plan=plan, actor=staff_a)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=staff_a)


def test_planned_against_actual(staff_a, reviewer, django_assert_num_queries):
    plan = approved_plan(
        staff_a, reviewer, lines=[LINE, {**LINE, "title": "Hợp tác giáo dục", "budget_vnd": 100}]
    )
    first = plan.lines.order_by("id").first()
    trip = approved_trip(staff_a, reviewer, n=2, plan_line=first, estimated_cost_vnd=200_000_000)
    approved_trip(staff_a, reviewer, n=3, plan_line=first, estimated_cost_vnd=100_000_000)
    PostTripReport.objects.create(
        trip=trip, due_on=dt.date(2027, 6, 22), status="submitted", actual_cost_vnd=190_000_000
    )
    with django_assert_num_queries(1):
        lines = list(lines_with_actuals(plan))
    assert [
        (x.actual_trips, x.actual_people, x.estimated_cost, x.actual_cost, x.reports_filed)
        for x in lines
    ] == [
        (2, 5, 300_000_000, 190_000_000, 1),
        (0, 0, 0, 0, 0),
    ]


def test_plan_pages_and_permissions(client, staff_a, staff_b, reviewer, custodian):
    client.force_login(staff_a)
    response = client.post(reverse("plans:list"), {"year": 2027})
    plan = AnnualPlan.objects.get()
    assert response.url == reverse("plans:edit", args=[plan.pk])
    data = {
        "form-TOTAL_FORMS": 1, "form-INITIAL_FORMS": 0,
        "form-0-title": "Xúc tiến thương mại", "form-0-countries": ["KR"], "form-0-planned_members": 3,
        "form-0-planned_quarter": 3, "form-0-budget_vnd": "300.000.000", "form-0-funding_source": "Ngân sách",
        "action": "submit",
    }  # fmt: skip
    client.post(reverse("plans:edit", args=[plan.pk]), data)
    plan.refresh_from_db()
    assert plan.status == S.SUBMITTED and plan.lines.get().budget_vnd == 300_000_000
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 200
    assert client.post(reverse("plans:action", args=[plan.pk, "approve"])).status_code == 403
    client.force_login(staff_b)
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404
    client.force_login(reviewer)
    client.post(reverse("plans:action", args=[plan.pk, "approve"]), {"note": "Đồng ý"})
    plan.refresh_from_db()
    assert plan.status == S.APPROVED
    assert client.post(reverse("plans:list"), {"year": 2028}).status_code == 403
    client.force_login(custodian)
    assert client.get(reverse("plans:list")).status_code == 403
    assert PlanTransition.objects.filter(plan=plan).count() == 3


def test_a_business_trip_picks_only_lines_of_its_agencys_approved_plans(
    client, staff_a, staff_b, reviewer
):
    mine = approved_plan(staff_a, reviewer).lines.get()
    theirs = approved_plan(staff_b, reviewer).lines.get()
    people = ready_officials(staff_a.agency)
    client.force_login(staff_a)
    html = client.get(reverse("trips:create")).content.decode()
    options = re.search(r'<select name="plan_line".*?</select>', html, re.S).group(0)
    assert f'value="{mine.pk}"' in options and f'value="{theirs.pk}"' not in options
    assert people
