"""Master data history (django-simple-history): who, when, before and after, through each
channel; and what a reviewer sees of a member changed after submission."""

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.tests.factories import UserFactory
from agencies import services as agency_services
from agencies.models import Official
from agencies.selectors import member_changes_since
from agencies.services import official_leave
from agencies.tests.factories import AgencyFactory, DisciplinaryReviewFactory, OfficialFactory
from core.tests.admin_forms import inline_data, model_data
from passports.models import CustodyEvent
from passports.tests.factories import PassportFactory
from trips.tests.helpers import submitted_trip

pytestmark = pytest.mark.django_db


def test_an_admin_change_is_in_the_history_with_its_user(client):
    superuser = UserFactory(is_staff=True, is_superuser=True)
    official = OfficialFactory(is_key_leader=False)
    client.force_login(superuser)
    body = model_data(official) | {"is_key_leader": "on"}
    body |= inline_data("discipline_reviews", official, [], fk_name="official")
    response = client.post(reverse("admin:agencies_official_change", args=[official.pk]), body)
    assert response.status_code == 302
    latest, before = official.history.all()[:2]
    assert (before.is_key_leader, latest.is_key_leader) == (False, True)
    assert latest.history_user == superuser and latest.history_type == "~"
    # The admin's own log is written beside it, once: the two records do not replace each other.
    entry = LogEntry.objects.get(object_id=str(official.pk))
    assert entry.user == superuser and '"Lãnh đạo chủ chốt"' in entry.change_message
    assert official.history.count() == 2  # created, then this change


def test_history_models_are_not_in_the_admin():
    from django.contrib import admin

    assert not [m for m in admin.site._registry if m.__name__.startswith("Historical")]


def test_an_api_change_is_in_the_history_with_its_user(administrator):
    official = OfficialFactory(position="Chuyên viên")
    api = APIClient()
    api.force_authenticate(administrator)
    response = api.patch(
        f"/api/v1/officials/{official.pk}/", {"position": "Phó Giám đốc"}, format="json"
    )
    assert response.status_code == 200
    latest = official.history.first()
    assert latest.position == "Phó Giám đốc" and latest.history_user == administrator
    assert latest.prev_record.position == "Chuyên viên"


def test_a_browser_change_of_a_passport_is_in_the_history_with_its_user(client, custodian):
    passport = PassportFactory(storage_location="Tủ 1")
    client.force_login(custodian)
    data = {
        "official": passport.official.pk,
        "kind": passport.kind,
        "number": passport.number,
        "issued_on": passport.issued_on.strftime("%d/%m/%Y"),
        "expires_on": passport.expires_on.strftime("%d/%m/%Y"),
        "storage_location": "Tủ 3",
    }
    response = client.post(reverse("passports:edit", args=[passport.pk]), data)
    assert response.status_code == 302
    # The passport's one history is its custody log (issue 22), not simple-history.
    edited = passport.custody_log.get(action=CustodyEvent.Action.EDITED)
    assert "Tủ 1 → Tủ 3" in edited.note and edited.actor == custodian
    assert not hasattr(passport, "history")


def test_agencies_and_reviews_are_recorded():
    agency = AgencyFactory(name="Sở cũ")
    agency.name = "Sở mới"
    agency.save()
    review = DisciplinaryReviewFactory()
    assert [h.name for h in agency.history.all()] == ["Sở mới", "Sở cũ"]
    assert review.history.count() == 1


def test_the_reviewer_sees_a_member_change_after_submission(
    client, staff_a, reviewer, administrator, django_assert_num_queries
):
    trip = submitted_trip(staff_a)
    official = trip.members.get(is_head=True).official
    official.is_key_leader = True
    official._history_user = administrator
    official.save()
    DisciplinaryReviewFactory(official=official, opened_on=dt.date(2026, 11, 1))
    with django_assert_num_queries(3):  # members' history, agencies' names, reviews' history
        changes = member_changes_since(trip)
    first = changes[0]
    assert (first.field, first.before, first.after, first.by) == (
        "Lãnh đạo chủ chốt",
        "✗",
        "✓",
        str(administrator),
    )
    assert len(changes) == 2
    client.force_login(reviewer)
    page = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "Thông tin thành viên đã thay đổi sau khi trình" in page
    assert "Lãnh đạo chủ chốt thay đổi" in page


def test_the_query_count_does_not_grow_with_members(staff_a, django_assert_num_queries):
    trip = submitted_trip(staff_a, n=5)
    for member in Official.objects.filter(trip_memberships__trip=trip):
        member.position = "Trưởng phòng"
        member.save()
    with django_assert_num_queries(3):
        assert len(member_changes_since(trip)) == 5


def test_nothing_before_submission(staff_a):
    from trips.tests.helpers import draft_trip

    assert member_changes_since(draft_trip(staff_a)) == []


def test_a_draft_flags_a_member_who_moved_or_leaves(client, staff_a, agency_b, administrator):
    from agencies.models import LeavingReason
    from trips.tests.helpers import draft_trip

    trip = draft_trip(staff_a)
    moved, leaving = (m.official for m in trip.members.order_by("official__full_name"))
    agency_services.official_transfer(
        official=moved, to_agency=agency_b, effective_on=dt.date.today(), actor=administrator
    )
    official_leave(
        official=leaving,
        reason=LeavingReason.RETIREMENT,
        left_on=trip.departure_date,
        actor=administrator,
    )
    client.force_login(staff_a)
    page = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert "Thành viên không còn phù hợp với hồ sơ" in page
    assert f"{moved.full_name}: đã chuyển sang {agency_b.name}" in page
    assert f"{leaving.full_name}: Nghỉ hưu từ ngày" in page


def test_an_import_change_is_in_the_history_with_its_user(administrator, agency_a):
    from registry import services
    from registry.models import ImportJob
    from registry.tests.helpers import official_row, officials_csv

    existing = OfficialFactory(agency=agency_a, personnel_code="CB000001", position="Cũ")
    rows = [
        official_row(1, agency_a.code, **{"Chức vụ": "Phó Giám đốc"}),
        official_row(2, agency_a.code),
    ]
    counts, errors = services.import_now(
        actor=administrator,
        kind=ImportJob.Kind.OFFICIALS,
        upload=officials_csv(rows),
        dry_run=False,
    )
    assert errors == [] and counts["created"] == 1 and counts["changed"] == 1
    latest = existing.history.first()
    assert (latest.prev_record.position, latest.position) == ("Cũ", "Phó Giám đốc")
    assert latest.history_user == administrator and latest.history_type == "~"
    assert latest.history_change_reason == "Nhập danh sách cán bộ"
    created = Official.objects.get(personnel_code="CB000002")
    assert [(h.history_type, h.history_user) for h in created.history.all()] == [
        ("+", administrator)
    ]
