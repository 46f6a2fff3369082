import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.demo import DEMO_PASSWORD, LOGINS, seed
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db


def test_the_home_page_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_answers_405_to_a_post(client, staff_a):
    client.force_login(staff_a)
    assert client.post(reverse("home")).status_code == 405


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("staff_a", "Hồ sơ cần xử lý"),
        ("reviewer", "Hồ sơ chờ thẩm định"),
        ("custodian", "Hộ chiếu đang giao, theo hạn nộp lại"),
        ("administrator", "Toàn tỉnh: hồ sơ theo trạng thái"),
        ("outsider", "chưa được phân vai trò"),
    ],
)
def test_each_role_has_its_home(client, request, persona, heading):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_staff_home_shows_only_their_agency(client, staff_a, agency_b):
    TripFactory(agency=staff_a.agency, title="Chuyến của Sở A")
    TripFactory(agency=agency_b, title="Chuyến của Sở B")
    client.force_login(staff_a)
    html = client.get(reverse("home")).content.decode()
    assert "Chuyến của Sở A" in html and "Chuyến của Sở B" not in html


@pytest.mark.parametrize("persona", ["staff_a", "reviewer"])
def test_home_queries_do_not_grow_with_rows(client, request, persona, staff_a):
    user = request.getfixturevalue(persona)
    client.force_login(user)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured)

    TripFactory(agency=staff_a.agency, status="submitted", submitted_at="2027-01-01T00:00Z")
    TripFactory(agency=staff_a.agency)
    one = queries()
    TripFactory.create_batch(
        30, agency=staff_a.agency, status="submitted", submitted_at="2027-01-01T00:00Z"
    )
    TripFactory.create_batch(30, agency=staff_a.agency)
    assert queries() == one


def test_every_demo_login_reaches_its_home_page(client):
    seed(today=dt.date(2026, 11, 27))
    for username, *_rest in LOGINS:
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("home"), username
        assert "Xin chào" in response.content.decode()
        client.post(reverse("logout"))
