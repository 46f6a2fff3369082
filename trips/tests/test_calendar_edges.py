"""The absence calendar at the edges of the date type: a clamp with a message, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "month", "shown", "warned"),
    [
        ("9999", "12", "12/2100", True),  # next month overflowed date.max
        ("1", "1", "01/2000", True),  # previous month overflowed date.min
        ("10000", "1", "12/2100", True),
        ("0", "5", "01/2000", True),
        ("-5", "5", "01/2000", True),
        ("99999999999999999999", "1", "12/2100", True),
        ("2100", "12", "12/2100", False),  # the last month: shown, no "next" link
        ("2000", "1", "01/2000", False),  # the first month: shown, no "previous" link
        ("2027", "13", None, False),  # unreadable: this month
        ("2027", "0", None, False),
        ("abc", "1", None, False),
    ],
)
def test_calendar_month_out_of_range(client, reviewer, year, month, shown, warned):
    client.force_login(reviewer)
    response = client.get(reverse("trips:calendar"), {"year": year, "month": month})
    assert response.status_code == 200
    html = response.content.decode()
    if shown:
        assert f"tháng {shown}" in html
    assert ("Lịch chỉ xem được từ tháng 01/2000 đến tháng 12/2100." in html) is warned


def test_calendar_has_no_link_past_its_ends(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("trips:calendar"), {"year": 2100, "month": 12}).content.decode()
    assert "year=2100&amp;month=11" in html
    assert "year=2101" not in html
    html = client.get(reverse("trips:calendar"), {"year": 2000, "month": 1}).content.decode()
    assert "year=2000&amp;month=2" in html
    assert "year=1999" not in html
