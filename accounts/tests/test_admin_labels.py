"""The admin speaks Vietnamese: section names, role labels, namesakes told apart (issue 15,
item 9)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.tests.factories import AgencyFactory, DisciplinaryReviewFactory, OfficialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def test_sections_are_named_in_vietnamese(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    for name in ("Tài khoản", "Cơ quan và cán bộ", "Hệ thống chung", "Bảo vệ đăng nhập"):
        assert f">{name}<" in html, name
    for english in (">Accounts<", ">Axes<", ">Core<", "Skip to main content"):
        assert english not in html


def test_roles_are_shown_by_their_labels(client, superuser):
    client.force_login(superuser)
    html = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert "Cán bộ quản lý hộ chiếu" in html and ">custodian<" not in html
    html = client.get(reverse("admin:accounts_user_change", args=[superuser.pk])).content.decode()
    assert "Chuyên viên thẩm định Sở Nội vụ" in html and ">agency_staff<" not in html
    html = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert "Đăng nhập bằng mật khẩu" in html and "Password-based authentication" not in html


def test_namesakes_are_told_apart_by_their_agency(client, superuser):
    for agency in (AgencyFactory(name="Sở Y tế"), AgencyFactory(name="Sở Tư pháp")):
        DisciplinaryReviewFactory(
            official=OfficialFactory(full_name="Nguyễn Văn An", agency=agency)
        )
    client.force_login(superuser)
    html = client.get(reverse("admin:agencies_disciplinaryreview_changelist")).content.decode()
    assert "Sở Y tế" in html and "Sở Tư pháp" in html


def test_roles_are_ticked_by_label_and_permissions_read_in_vietnamese(client, superuser):
    client.force_login(superuser)
    html = client.get(
        reverse("admin:accounts_user_change", args=[superuser.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    # Six roles: checkboxes named by their labels, not a two-list picker of code names.
    assert html.count('type="checkbox" name="groups"') == 6
    assert "Cán bộ quản lý hộ chiếu" in html and 'name="groups" multiple' not in html
    assert "Can add" not in html and "Can view" not in html
    assert "Thêm: Ủy quyền, thay thế" in html
    group = Group.objects.get(name="custodian")
    html = client.get(
        reverse("admin:auth_group_change", args=[group.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "Can add" not in html and "Thêm: " in html
