"""A new annual plan: several lines typed at once, blank lines ignored, nothing created until
it is saved (issue 15, item 10)."""

import pytest
from playwright.sync_api import Page, expect

from e2e.test_trip_workflow import pick, province, sign_in  # noqa: F401 (a fixture)
from plans.models import AnnualPlan

pytestmark = pytest.mark.django_db(transaction=True)


def fill_line(page: Page, index: int, title: str):
    page.locator(f"#id_form-{index}-title").fill(title)
    pick(page, f"id_form-{index}-countries", "Hàn Quốc")
    page.locator(f"#id_form-{index}-planned_members").fill("3")
    page.locator(f"#id_form-{index}-budget_vnd").fill("300000000")


def test_a_plan_with_several_lines_at_once(
    page: Page,
    live_server,
    province,  # noqa: F811
):
    sign_in(page, live_server, province["staff"].username)
    page.goto(f"{live_server.url}/ke-hoach/")
    page.get_by_role("button", name="Lập / điều chỉnh kế hoạch").click()
    expect(page.get_by_role("heading", name="Lập kế hoạch đối ngoại năm")).to_be_visible()
    assert not AnnualPlan.objects.exists()
    fill_line(page, 0, "Xúc tiến thương mại")
    fill_line(page, 2, "Trao đổi đào tạo")  # line 2 left blank in between
    page.get_by_role("button", name="Thêm dòng").click()
    expect(page.locator("#id_form-3-title")).to_be_visible()
    fill_line(page, 3, "Hội chợ")
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.get_by_text("Đã lập kế hoạch.")).to_be_visible()
    plan = AnnualPlan.objects.get()
    assert sorted(plan.lines.values_list("title", flat=True)) == [
        "Hội chợ",
        "Trao đổi đào tạo",
        "Xúc tiến thương mại",
    ]
