"""Malformed JSON answers 400 on every operation that takes a body, the anonymous token
endpoint included: nesting too deep (RecursionError) and a lone surrogate (UnicodeEncodeError
when an error echoes it, or when it is stored)."""

import re

import pytest
from django.test import Client

from api.tests.openapi import schema
from trips.tests.helpers import draft_trip

DEEP = "[" * 100_000 + "]" * 100_000
SURROGATE = '"\\ud800"'  # JSON's escape for a lone surrogate: valid JSON, not a character


def _operations_with_a_body():
    for path, operations in schema()["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                yield method, path, content["application/json"].get("schema", {})


def _properties(body_schema) -> list[str]:
    ref = body_schema.get("$ref", "")
    component = schema()["components"]["schemas"].get(ref.rsplit("/", 1)[-1], body_schema)
    return list(component.get("properties", {})) or ["x"]


def _bodies(body_schema):
    yield "deep", DEEP
    yield "deep object", '{"a":' * 50_000 + "1" + "}" * 50_000
    # Every field of the body a lone surrogate: choice fields echo it in their error.
    fields = ", ".join(f'"{name}": {SURROGATE}' for name in _properties(body_schema))
    yield "surrogate", "{" + fields + "}"
    yield "surrogate key", "{" + SURROGATE + ": 1}"


@pytest.fixture
def caller(staff_a, reviewer, administrator):
    """One client per caller; a real draft trip where a path names a trip."""
    return {
        "anonymous": Client(raise_request_exception=False),
        **{user.username: _signed_in(user) for user in (staff_a, reviewer, administrator)},
    }, draft_trip(staff_a).pk


def _signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def test_every_json_operation_answers_400_to_malformed_json(caller):
    clients, trip_id = caller
    operations = list(_operations_with_a_body())
    assert len(operations) > 20
    answers, parsed = {}, 0
    for method, path, body_schema in operations:
        url = re.sub(r"\{[^}]+\}", str(trip_id) if path.startswith("/api/v1/trips/") else "1", path)
        for who, client in clients.items():
            for name, body in _bodies(body_schema):
                response = getattr(client, method)(url, body, content_type="application/json")
                answers[(method, url, who, name)] = response.status_code
                if response.status_code == 400:
                    parsed += 1
                    assert "JSON" in response.json()["detail"], response.content
    failures = {key: code for key, code in answers.items() if code >= 500}
    assert failures == {}
    # 400 whenever the body is read: an operation may first answer 401, 403, 404 or the
    # sign-in throttle's 429 (DRF authenticates and throttles, then reads the body when the
    # view asks for it), never anything else.
    assert set(answers.values()) <= {400, 401, 403, 404, 429}
    assert parsed > len(operations)  # most operations did read the body


@pytest.mark.parametrize("body", [DEEP, '{"username": ' + SURROGATE + ', "password": "x"}'])
def test_the_anonymous_token_endpoint_answers_400(db, body):
    client = Client(raise_request_exception=False)
    response = client.post("/api/v1/auth/token/", body, content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_the_error_is_in_english_for_an_english_caller(db):
    response = Client().post(
        "/api/v1/auth/token/", DEEP, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["detail"] == "The JSON body is nested too deeply."
