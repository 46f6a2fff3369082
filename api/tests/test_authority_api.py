"""bodies/, positions/, authorities/ (issue 23): anyone signed in reads, the administrator
writes, each change audited; bad input is a 400 with a Vietnamese message."""

import pytest

from authority.models import AuthorityChange, Body, Position

pytestmark = pytest.mark.django_db


def test_anyone_signed_in_reads_the_bodies_and_only_the_administrator_writes(
    api, staff_a, administrator
):
    api.force_authenticate(staff_a)
    listed = api.get("/api/v1/bodies/").json()
    symbols = (
        {row["symbol"] for row in listed["results"]}
        if "results" in listed
        else {row["symbol"] for row in listed}
    )
    assert {"UBND", "SNV"} <= symbols
    assert api.post("/api/v1/bodies/", {"name": "X", "symbol": "SX"}).status_code == 403
    api.force_authenticate(administrator)
    made = api.post(
        "/api/v1/bodies/", {"name": "Sở Khoa học và Công nghệ", "symbol": "SKHCN"}, format="json"
    )
    assert made.status_code == 201, made.json()
    change = AuthorityChange.objects.get()
    assert change.actor == administrator and change.old_value is None
    assert change.new_value["symbol"] == "SKHCN"


def test_a_taken_symbol_is_a_400_with_a_message(api, administrator):
    api.force_authenticate(administrator)
    department = Body.objects.department()
    refused = api.patch(f"/api/v1/bodies/{department.pk}/", {"symbol": "UBND"}, format="json")
    assert refused.status_code == 400
    assert "Ký hiệu này đã được cơ quan khác sử dụng." in refused.json()["symbol"]
    malformed = api.patch(f"/api/v1/bodies/{department.pk}/", {"symbol": "s n"}, format="json")
    assert malformed.status_code == 400 and "symbol" in malformed.json()
    assert Body.objects.department().symbol == "SNV"


def test_positions_name_their_holder_by_username(api, administrator, reviewer):
    api.force_authenticate(administrator)
    body = Body.objects.province()
    made = api.post(
        "/api/v1/positions/",
        {"body": body.pk, "title": "PHÓ CHỦ TỊCH", "kind": "deputy", "holder": "reviewer",
         "starts_on": "2026-01-01"},
        format="json",
    )  # fmt: skip
    assert made.status_code == 201, made.json()
    assert made.json()["holder"] == "reviewer"
    pk = made.json()["id"]
    assert api.delete(f"/api/v1/positions/{pk}/").status_code == 204
    assert not Position.objects.filter(pk=pk).exists()
    assert [c.target for c in AuthorityChange.objects.order_by("id")] == [
        f"position:{pk}",
        f"position:{pk}",
    ]


@pytest.mark.parametrize(
    "steps, message",
    [
        ([], "ít nhất một bước"),
        ([{"action": "appraise", "body": None, "positions": ["appraiser"]}], "đúng một bước"),
        ([{"action": "sign", "body": None, "positions": ["head"]}], "không hợp lệ"),
        ([{"action": "decide", "body": None, "positions": ["mayor"]}], "Chức vụ"),
        ([{"action": "decide", "body": 99999, "positions": ["head"]}], "Không có cơ quan"),
        (
            [
                {"action": "decide", "body": None, "positions": ["head"]},
                {"action": "decide", "body": None, "positions": ["head"]},
            ],
            "đúng một bước",
        ),
    ],
)
def test_authorities_put_validates_the_steps(api, administrator, steps, message):
    api.force_authenticate(administrator)
    refused = api.put(
        "/api/v1/authorities/",
        {"level": "agency", "kind": "", "issuing_body": None, "steps": steps},
        format="json",
    )
    assert refused.status_code == 400
    assert message in " ".join(refused.json()["steps"])
    assert not AuthorityChange.objects.exists()


def test_the_administrator_sets_an_authority_and_the_change_is_audited(api, administrator, staff_a):
    province = Body.objects.province().pk
    steps = [{"action": "decide", "body": province, "positions": ["head", "deputy"]}]
    api.force_authenticate(staff_a)
    body = {"level": "agency", "issuing_body": province, "steps": steps}
    assert api.put("/api/v1/authorities/", body, format="json").status_code == 403
    api.force_authenticate(administrator)
    done = api.put("/api/v1/authorities/", body, format="json")
    assert done.status_code == 200, done.json()
    change = AuthorityChange.objects.get()
    assert change.target == "authority:agency:" and change.old_value["issuing_body"] is None
    assert change.new_value == {"issuing_body": province, "steps": steps, "collective": False}
    listed = api.get("/api/v1/authorities/").json()
    assert {row["level"] for row in listed} == {"agency", "province", "standing_committee"}
