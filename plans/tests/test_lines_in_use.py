"""A plan line that requests follow cannot be removed: a clear 400, never a 500."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from plans import services
from plans.models import PlanLine
from plans.tests.test_plans import LINE
from trips.tests.helpers import draft_trip

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed(staff_a):
    """A draft plan whose line a request follows (as requests made before only lines of
    approved plans were accepted could)."""
    plan = services.plan_create(actor=staff_a, year=2027)
    services.plan_save_lines(plan=plan, actor=staff_a, lines=[LINE, {**LINE, "title": "Khác"}])
    line = plan.lines.get(title=LINE["title"])
    draft_trip(staff_a, plan_line=line)
    return plan, line


def test_the_service_refuses_to_remove_a_followed_line(staff_a, followed):
    plan, line = followed
    with pytest.raises(ValidationError) as refused:
        services.plan_save_lines(plan=plan, actor=staff_a, lines=[])
    assert "đã có hồ sơ" in refused.value.message_dict["lines"][0]
    assert LINE["title"] in refused.value.message_dict["lines"][0]
    assert plan.lines.count() == 2  # nothing changed
    services.plan_save_lines(plan=plan, actor=staff_a, lines=[{"id": line.pk, **LINE}])
    assert list(plan.lines.all()) == [line]  # the other one could go


def test_the_api_answers_400_in_vietnamese(staff_a, followed):
    plan, _line = followed
    api = APIClient()
    api.force_authenticate(staff_a)
    response = api.patch(f"/api/v1/plans/{plan.pk}/", {"lines": []}, format="json")
    assert response.status_code == 400
    assert "Không xóa được nội dung" in response.json()["lines"][0]
    assert PlanLine.objects.filter(plan=plan).count() == 2


def test_the_browser_says_so_too(client, staff_a, followed):
    plan, line = followed
    other = plan.lines.exclude(pk=line.pk).get()
    client.force_login(staff_a)
    data = {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "action": "save"}
    for i, kept in enumerate((line, other)):
        data.update(
            {
                f"form-{i}-id": kept.pk,
                f"form-{i}-title": kept.title,
                f"form-{i}-countries": "JP",
                f"form-{i}-planned_members": "4",
                f"form-{i}-budget_vnd": "500.000.000",
                f"form-{i}-DELETE": "on" if kept == line else "",
            }
        )
    response = client.post(reverse("plans:edit", args=[plan.pk]), data, follow=True)
    assert response.status_code == 200
    assert "Không xóa được nội dung" in response.content.decode()
    assert plan.lines.count() == 2


def test_a_line_id_of_another_plan_is_refused(staff_a, staff_b, followed):
    _plan, line = followed
    theirs = services.plan_create(actor=staff_b, year=2027)
    with pytest.raises(ValidationError):
        services.plan_save_lines(plan=theirs, actor=staff_b, lines=[{"id": line.pk, **LINE}])
    assert not theirs.lines.exists()


def test_the_browser_form_takes_no_line_of_another_plan(client, staff_a, staff_b, followed):
    _plan, line = followed
    theirs = services.plan_create(actor=staff_b, year=2027)
    client.force_login(staff_b)
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "0",
        "action": "save",
        "form-0-id": line.pk,
        "form-0-title": "Đổi tên",
        "form-0-countries": "JP",
        "form-0-planned_members": "1",
        "form-0-budget_vnd": "1.000",
    }
    client.post(reverse("plans:edit", args=[theirs.pk]), data)
    assert not theirs.lines.exists()
    line.refresh_from_db()
    assert line.title == LINE["title"]
