"""The database unreachable: the API answers its JSON error format with 503 and Retry-After,
pages a 503 page; never a 500, and the failure is still logged."""

import pytest
from django.test import Client

from accounts.tokens import token_for
from travelmgmt.tests.outages import database_down, json_log


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def _is_503_retry(response):
    return response.status_code == 503 and int(response["Retry-After"]) > 0


def test_the_api_answers_json_503_with_retry_after(client, staff_a):
    key = token_for(staff_a).key
    with json_log() as logged, database_down():
        listed = client.get("/api/v1/trips/", HTTP_AUTHORIZATION=f"Token {key}")
        token = client.post(
            "/api/v1/auth/token/", {"username": "a", "password": "b"}, "application/json"
        )
    for response in (listed, token):
        assert _is_503_retry(response)
        assert response["Content-Type"] == "application/json"
        assert "cơ sở dữ liệu" in response.json()["detail"]
    assert '"exc_type": "OperationalError"' in logged()  # still logged for the operators


def test_the_sign_in_page_answers_a_503_page(client, db):
    with database_down():
        response = client.post("/dang-nhap/", {"username": "staff_a", "password": "x"})
    assert _is_503_retry(response)
    assert response["Content-Type"].startswith("text/html")
    assert "Tạm thời gián đoạn" in response.content.decode()


def test_a_signed_in_page_answers_a_503_page(client, staff_a):
    client.force_login(staff_a)
    with database_down():
        response = client.get("/")
    assert _is_503_retry(response)


def test_other_api_errors_are_json_500(client, staff_a, monkeypatch):
    from api import views_trips

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views_trips.TripViewSet, "list", broken)
    client.force_login(staff_a)
    response = client.get("/api/v1/trips/")
    assert response.status_code == 500
    assert response.json()["detail"].startswith("Lỗi hệ thống")
