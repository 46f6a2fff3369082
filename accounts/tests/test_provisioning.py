"""The first administrator and role changes from the command line, each logged."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import CommandError, call_command

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import UserFactory

STRONG = "Ba-con-meo-trèo-cây-cau-2026"


def _createadmin(*args, password=STRONG, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    out = io.StringIO()
    call_command("createadmin", *args, "--password-stdin", stdout=out)
    return out.getvalue()


def test_createadmin_makes_a_superuser_administrator_who_can_sign_in(db, client, monkeypatch):
    out = _createadmin("nguyen.an", "--email", "an@example.gov.vn", monkeypatch=monkeypatch)
    assert "nguyen.an" in out
    admin = User.objects.get(username="nguyen.an")
    assert admin.is_superuser and admin.is_staff and admin.is_administrator
    signed_in = client.post("/dang-nhap/", {"username": "nguyen.an", "password": STRONG})
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    entry = LogEntry.objects.get(object_id=str(admin.pk))
    assert "createadmin" in entry.change_message


def test_createadmin_refuses_a_weak_password_and_an_existing_name(db, monkeypatch):
    with pytest.raises(CommandError):
        _createadmin("x", "--email", "x@example.gov.vn", password="123", monkeypatch=monkeypatch)
    assert not User.objects.filter(username="x").exists()
    UserFactory(username="taken")
    with pytest.raises(CommandError, match="taken"):
        _createadmin("taken", "--email", "t@example.gov.vn", monkeypatch=monkeypatch)
    assert not LogEntry.objects.exists()


def test_grant_and_revoke_roles(db, agency_a):
    user = UserFactory(username="tran.binh")
    call_command("grant_role", "tran.binh", "reviewer", stdout=io.StringIO())
    call_command(
        "grant_role", "tran.binh", "agency_staff", "--agency", agency_a.code, stdout=io.StringIO()
    )
    user = User.objects.get(pk=user.pk)
    assert user.has_role(Role.REVIEWER) and user.is_agency_staff
    call_command("grant_role", "tran.binh", "reviewer", "--revoke", stdout=io.StringIO())
    assert not User.objects.get(pk=user.pk).has_role(Role.REVIEWER)
    messages = list(LogEntry.objects.values_list("change_message", flat=True))
    assert len(messages) == 3 and all("grant_role" in m for m in messages)


def test_grant_role_refuses_staff_without_agency_and_unknown_names(db):
    UserFactory(username="le.chi")
    with pytest.raises(CommandError, match="--agency"):
        call_command("grant_role", "le.chi", "agency_staff")
    with pytest.raises(CommandError):
        call_command("grant_role", "le.chi", "agency_staff", "--agency", "khong-co")
    with pytest.raises(CommandError):
        call_command("grant_role", "khong-ai", "reviewer")
    assert not User.objects.get(username="le.chi").groups.exists()
    assert not LogEntry.objects.exists()
