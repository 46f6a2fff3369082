"""Error pages speak Vietnamese (English on request) in the site's layout, with a way on."""

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def production_errors(settings):
    # Django shows its technical pages with DEBUG on; the users see these with DEBUG off.
    settings.DEBUG = False


def test_a_missing_page_is_a_vietnamese_404_in_the_layout(client, staff_a, production_errors):
    client.force_login(staff_a)
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Không tìm thấy trang" in html
    assert reverse("home") in html and "Về trang chủ" in html
    assert 'class="d-print-none navbar' in html  # the site's layout, with its menu


def test_a_refused_action_is_a_vietnamese_403(client, outsider, production_errors):
    client.force_login(outsider)
    response = client.get(reverse("trips:create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền truy cập" in html
    assert "Forbidden" not in html


def test_a_stale_form_is_a_vietnamese_csrf_page(staff_a, production_errors):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), {"title": "x"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    # django.views.defaults.server_error renders it with no context at all.
    html = render_to_string("500.html")
    assert "Lỗi hệ thống" in html and "Về trang chủ" in html


def test_error_pages_follow_the_language(client, staff_a, production_errors):
    client.force_login(staff_a)
    client.cookies["django_language"] = "en"
    response = client.get("/khong-co-trang-nay/")
    assert "Page not found" in response.content.decode()


def test_the_site_has_an_icon(client):
    html = client.get(reverse("login")).content.decode()
    assert "img/favicon.svg" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("img/favicon.svg")
