"""Systematic checks over every operation of the generated schema."""

import re

import pytest

from api.tests.openapi import schema
from trips.tests.helpers import approved_trip, submitted_trip

pytestmark = pytest.mark.django_db

OPERATIONS = [
    (method, path)
    for path, operations in schema()["paths"].items()
    for method in operations
    if method in ("get", "post", "put", "patch") and not path.endswith(("/auth/token/", "/schema/"))
]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_operation_answers_401_without_credentials(api, method, path):
    url = re.sub(r"\{[^}]+\}", "1", path)
    response = getattr(api, method)(url, {}, format="json")
    assert response.status_code == 401, (method, url)


def test_withdraw_and_cancel(api, staff_a, staff_b, reviewer):
    pending = submitted_trip(staff_a)
    api.force_authenticate(staff_b)
    assert api.post(f"/api/v1/trips/{pending.pk}/withdraw/", {}, format="json").status_code == 404
    api.force_authenticate(reviewer)
    assert api.post(f"/api/v1/trips/{pending.pk}/withdraw/", {}, format="json").status_code == 403
    api.force_authenticate(staff_a)
    assert (
        api.post(f"/api/v1/trips/{pending.pk}/cancel/", {"reason": "x"}, format="json").status_code
        == 409
    )
    assert (
        api.post(f"/api/v1/trips/{pending.pk}/withdraw/", {"reason": "Hoãn"}, format="json").json()[
            "status"
        ]
        == "withdrawn"
    )
    approved = approved_trip(staff_a, reviewer)
    assert api.post(f"/api/v1/trips/{approved.pk}/withdraw/", {}, format="json").status_code == 409
    assert (
        api.post(f"/api/v1/trips/{approved.pk}/cancel/", {"reason": ""}, format="json").status_code
        == 400
    )
    assert (
        api.post(
            f"/api/v1/trips/{approved.pk}/cancel/", {"reason": "Đối tác hoãn"}, format="json"
        ).json()["status"]
        == "cancelled"
    )


def test_officials_are_written_by_administrators(api, staff_a, administrator):
    data = {
        "agency": staff_a.agency.pk,
        "full_name": "Võ Thị Mới",
        "gender": "female",
        "leave_base_days": 12,
        "service_start_date": "2015-03-01",
    }
    api.force_authenticate(staff_a)
    assert api.post("/api/v1/officials/", data, format="json").status_code == 403
    api.force_authenticate(administrator)
    created = api.post("/api/v1/officials/", data, format="json")
    assert created.status_code == 201
    assert (
        api.post("/api/v1/officials/", {**data, "leave_base_days": 13}, format="json").status_code
        == 400
    )
    pk = created.json()["id"]
    assert (
        api.patch(f"/api/v1/officials/{pk}/", {"is_key_leader": True}, format="json").json()[
            "is_key_leader"
        ]
        is True
    )
    assert (
        api.patch(
            f"/api/v1/officials/{pk}/", {"service_start_date": "0207-03-01"}, format="json"
        ).status_code
        == 400
    )
