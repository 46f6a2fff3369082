import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html and "Mật khẩu" in html
