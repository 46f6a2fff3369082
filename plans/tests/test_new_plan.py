"""A new plan is typed in before it exists, several lines at once (issue 15, item 10)."""

import pytest
from django.urls import reverse

from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db
NEW = reverse("plans:new")


def line(index, title):
    return {
        f"form-{index}-title": title,
        f"form-{index}-countries": ["KR"],
        f"form-{index}-planned_members": 3,
        f"form-{index}-planned_quarter": 3,
        f"form-{index}-budget_vnd": "300.000.000",
        f"form-{index}-funding_source": "Ngân sách",
    }


def management(total):
    return {"form-TOTAL_FORMS": total, "form-INITIAL_FORMS": 0}


def test_opening_the_page_creates_nothing(client, staff_a):
    client.force_login(staff_a)
    html = client.get(NEW, {"year": 2027}).content.decode()
    assert html.count('<legend class="h6">Nội dung') == 3  # three empty lines at once
    assert 'id="plan-line-template"' in html
    assert not AnnualPlan.objects.exists()
    response = client.post(NEW, {"year": 2027, "action": "save", **management(0)})
    assert response.status_code == 200 and not AnnualPlan.objects.exists()
    assert "ít nhất một nội dung" in response.content.decode()


def test_several_lines_are_saved_with_the_new_plan(client, staff_a):
    client.force_login(staff_a)
    data = {"year": 2027, "action": "save", **management(3)}
    data |= line(0, "Xúc tiến thương mại") | line(1, "Hội chợ") | line(2, "Trao đổi đào tạo")
    response = client.post(NEW, data)
    plan = AnnualPlan.objects.get()
    assert response.status_code == 302 and response.url == reverse("plans:detail", args=[plan.pk])
    assert sorted(plan.lines.values_list("title", flat=True)) == [
        "Hội chợ",
        "Trao đổi đào tạo",
        "Xúc tiến thương mại",
    ]
    assert plan.agency == staff_a.agency and plan.history.count() == 1


def test_a_bad_line_saves_no_plan(client, staff_a):
    client.force_login(staff_a)
    data = {"year": 2027, "action": "save", **management(1), **line(0, "Hội chợ")}
    data["form-0-budget_vnd"] = "-1"
    assert client.post(NEW, data).status_code == 200
    assert not AnnualPlan.objects.exists()


def test_a_year_already_planned_goes_to_its_plan(client, staff_a, reviewer):
    client.force_login(staff_a)
    data = {"year": 2027, "action": "save", **management(1), **line(0, "Hội chợ")}
    client.post(NEW, data)
    plan = AnnualPlan.objects.get()
    response = client.get(NEW, {"year": 2027})
    assert response.status_code == 302 and response.url == reverse("plans:edit", args=[plan.pk])
    client.force_login(reviewer)
    assert client.get(NEW).status_code == 403


def test_a_refused_submission_is_a_message_and_nothing_is_saved(client, staff_a, monkeypatch):
    """A plan submitted meanwhile (another tab): the service's PlanError, not a 500."""
    from plans import services
    from plans.exceptions import PlanTransitionNotAllowed

    def refuse(*, plan, actor):
        raise PlanTransitionNotAllowed(plan, AnnualPlan.Status.SUBMITTED)

    monkeypatch.setattr(services, "plan_submit", refuse)
    client.force_login(staff_a)
    data = {"year": 2027, "action": "submit", **management(1)} | line(0, "Hội chợ")
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert "Không thể chuyển kế hoạch từ" in response.content.decode()
    assert not AnnualPlan.objects.exists()
