"""The Django admin: read-only for decided records and history, scoped for non-administrators.

Every refusal test posts a body that an unguarded admin accepts (see admin_forms), then checks
that nothing in the database changed.
"""

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.test import RequestFactory
from django.urls import reverse

from accounts.tests.factories import UserFactory
from agencies.tests.factories import DisciplinaryReviewFactory, OfficialFactory
from core.tests.admin_forms import inline_data, model_data
from plans.models import AnnualPlan, PlanLine, PlanTransition
from plans.tests.factories import AnnualPlanFactory, PlanLineFactory
from trips.models import TripMember, TripRequest, TripTransition
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db

APPROVED = TripRequest.Status.APPROVED


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def approved_trip(agency_a):
    leader = OfficialFactory(agency=agency_a, is_key_leader=True)
    return TripFactory(agency=agency_a, status=APPROVED, members=[leader])


def trip_change_body(trip, members):
    body = model_data(trip)
    body |= inline_data("members", trip, members, fk_name="trip")
    body |= inline_data("documents", trip, [], fk_name="trip")
    body |= inline_data("history", trip, list(trip.history.all()), fk_name="trip")
    return body


def members_of(trip):
    return sorted(TripMember.objects.filter(trip=trip).values_list("official_id", "is_head"))


def test_every_model_has_a_vietnamese_admin_list_with_search(client, superuser):
    client.force_login(superuser)
    TripFactory()
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        response = client.get(url, {"q": "a"} if model_admin.search_fields else {})
        assert response.status_code == 200, url
        assert 'lang="vi"' in response.content.decode()


def test_every_object_page_and_its_history_open_read_only_for_the_administrator(
    client, superuser, approved_trip
):
    from passports.models import CustodyEvent
    from passports.tests.factories import PassportFactory

    TripTransition.objects.create(trip=approved_trip, to_status=APPROVED)
    PlanTransition.objects.create(plan=PlanLineFactory().plan, to_status="approved")
    passport = PassportFactory()
    CustodyEvent.objects.create(passport=passport, action="registered")
    DisciplinaryReviewFactory()
    client.force_login(superuser)
    client.post(
        reverse("admin:agencies_agency_change", args=[approved_trip.agency.pk]),
        model_data(approved_trip.agency) | {"name": "Sở mới"},
    )
    request = RequestFactory().get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        obj = model_admin.get_queryset(request).first()
        if obj is None:
            continue
        opts = model._meta
        for view in ("change", "history"):
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
            assert client.get(url).status_code == 200, url


def test_every_admin_and_inline_is_guarded():
    """A new ModelAdmin or inline that forgets the guard would be editable by default."""
    from core.admin_mixins import GuardedAdminMixin, GuardedInlineMixin

    for model, model_admin in admin.site._registry.items():
        assert isinstance(model_admin, GuardedAdminMixin), model
        for inline in model_admin.inlines:
            assert issubclass(inline, GuardedInlineMixin), inline


@pytest.mark.parametrize("newcomer", ["second_key_leader", "under_review", "other_agency"])
def test_members_of_an_approved_trip_cannot_be_changed_in_the_admin(
    client, superuser, approved_trip, agency_b, newcomer
):
    official = {
        "second_key_leader": lambda: OfficialFactory(
            agency=approved_trip.agency, is_key_leader=True
        ),
        "under_review": lambda: (
            DisciplinaryReviewFactory(
                official=OfficialFactory(agency=approved_trip.agency)
            ).official
        ),
        "other_agency": lambda: OfficialFactory(agency=agency_b),
    }[newcomer]()
    before = members_of(approved_trip)
    members = [*approved_trip.members.all(), TripMember(official=official, is_head=False)]
    client.force_login(superuser)

    response = client.post(
        reverse("admin:trips_triprequest_change", args=[approved_trip.pk]),
        trip_change_body(approved_trip, members),
    )

    assert response.status_code == 403
    assert members_of(approved_trip) == before


def test_an_approved_trip_cannot_be_edited_added_or_deleted_in_the_admin(
    client, superuser, approved_trip
):
    client.force_login(superuser)
    body = trip_change_body(approved_trip, list(approved_trip.members.all()))
    body["title"] = "Đổi tên sau khi đã phê duyệt"
    body["return_date"] = "30/06/2027"

    assert client.get(reverse("admin:trips_triprequest_add")).status_code == 403
    change_url = reverse("admin:trips_triprequest_change", args=[approved_trip.pk])
    assert client.post(change_url, body).status_code == 403
    add = client.post(reverse("admin:trips_triprequest_add"), body)
    assert add.status_code == 403
    delete_url = reverse("admin:trips_triprequest_delete", args=[approved_trip.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403

    approved_trip.refresh_from_db()
    assert approved_trip.title != body["title"]
    assert str(approved_trip.return_date) == "2027-06-11"
    assert TripRequest.objects.count() == 1


def test_a_draft_trip_is_read_only_in_the_admin_too(client, superuser, agency_a):
    """Drafts change only through trip_save_draft (browser or API), which runs the rules."""
    trip = TripFactory(agency=agency_a, members=[OfficialFactory(agency=agency_a)])
    client.force_login(superuser)
    body = trip_change_body(trip, list(trip.members.all()))
    body["title"] = "Sửa trong trang quản trị"

    response = client.post(reverse("admin:trips_triprequest_change", args=[trip.pk]), body)

    assert response.status_code == 403
    trip.refresh_from_db()
    assert trip.title != "Sửa trong trang quản trị"
    page = client.get(reverse("admin:trips_triprequest_change", args=[trip.pk]))
    assert page.status_code == 200
    for inline in page.context["inline_admin_formsets"]:
        assert not inline.has_add_permission
        assert not inline.has_change_permission
        assert not inline.has_delete_permission


def test_bulk_delete_is_not_offered_for_requests_nor_accepted(client, superuser, approved_trip):
    client.force_login(superuser)
    url = reverse("admin:trips_triprequest_changelist")

    action_form = client.get(url).context["action_form"]
    assert action_form is None or "delete_selected" not in dict(
        action_form.fields["action"].choices
    )
    response = client.post(
        url, {"action": "delete_selected", "_selected_action": [approved_trip.pk], "post": "yes"}
    )

    assert response.status_code in (200, 302)
    assert TripRequest.objects.filter(pk=approved_trip.pk).exists()
    assert members_of(approved_trip)


def test_the_budget_of_an_approved_plan_line_cannot_be_changed_in_the_admin(client, superuser):
    line = PlanLineFactory(budget_vnd=100_000_000)
    plan = line.plan
    client.force_login(superuser)
    body = model_data(plan)
    body |= inline_data("lines", plan, [line], fk_name="plan")
    body |= inline_data("history", plan, [], fk_name="plan")
    body["lines-0-budget_vnd"] = "900000000"

    response = client.post(reverse("admin:plans_annualplan_change", args=[plan.pk]), body)

    assert response.status_code == 403
    line.refresh_from_db()
    assert line.budget_vnd == 100_000_000
    delete = client.post(reverse("admin:plans_annualplan_delete", args=[plan.pk]), {"post": "yes"})
    assert delete.status_code == 403
    assert PlanLine.objects.filter(pk=line.pk).exists()
    assert AnnualPlan.objects.get(pk=plan.pk).status == AnnualPlan.Status.APPROVED


def test_history_is_read_only_in_the_admin(client, superuser):
    trip = TripFactory()
    row = TripTransition.objects.create(trip=trip, to_status="draft")
    plan_row = PlanTransition.objects.create(plan=AnnualPlanFactory(), to_status="draft")
    client.force_login(superuser)
    assert client.get(reverse("admin:trips_triptransition_add")).status_code == 403
    assert (
        client.get(reverse("admin:trips_triptransition_delete", args=[row.pk])).status_code == 403
    )
    change = client.post(reverse("admin:trips_triptransition_change", args=[row.pk]), {"note": "x"})
    assert change.status_code == 403
    delete = client.post(
        reverse("admin:plans_plantransition_delete", args=[plan_row.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    row.refresh_from_db()
    assert row.note == ""
    assert PlanTransition.objects.filter(pk=plan_row.pk).exists()


def test_staff_with_admin_access_see_only_their_agency_and_change_nothing(
    client, staff_a, agency_a, agency_b
):
    staff_a.is_staff = True
    staff_a.save()
    own = TripFactory(agency=agency_a, title="Đoàn của cơ quan A")
    other = TripFactory(agency=agency_b, title="Đoàn của cơ quan B")
    OfficialFactory(agency=agency_b, full_name="Người của cơ quan B")
    client.force_login(staff_a)

    trips = client.get(reverse("admin:trips_triprequest_changelist")).content.decode()
    assert "Đoàn của cơ quan A" in trips
    assert "Đoàn của cơ quan B" not in trips
    officials = client.get(reverse("admin:agencies_official_changelist")).content.decode()
    assert "Người của cơ quan B" not in officials
    other_page = client.get(reverse("admin:trips_triprequest_change", args=[other.pk]))
    assert other_page.status_code == 302  # Django's "does not exist" redirect
    body = trip_change_body(own, [])
    body["title"] = "Sửa qua trang quản trị"
    assert (
        client.post(reverse("admin:trips_triprequest_change", args=[own.pk]), body).status_code
        == 403
    )
    own.refresh_from_db()
    assert own.title == "Đoàn của cơ quan A"


def test_the_administrator_sees_every_agency(client, administrator, agency_a, agency_b):
    administrator.is_staff = True
    administrator.save()
    TripFactory(agency=agency_a, title="Đoàn của cơ quan A")
    TripFactory(agency=agency_b, title="Đoàn của cơ quan B")
    client.force_login(administrator)

    trips = client.get(reverse("admin:trips_triprequest_changelist")).content.decode()

    assert "Đoàn của cơ quan A" in trips
    assert "Đoàn của cơ quan B" in trips


def test_an_administrator_who_is_not_superuser_cannot_make_anyone_superuser(client, administrator):
    administrator.is_staff = True
    administrator.save()
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    body = model_data(administrator, exclude=["password", "last_login", "date_joined"])
    body |= {
        "is_superuser": "on",
        "groups": [str(pk) for pk in administrator.groups.values_list("pk", flat=True)],
        "date_joined_0": "01/01/2026",
        "date_joined_1": "08:00:00",
        "last_login_0": "",
        "last_login_1": "",
    }

    client.post(url, body)

    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_admin_log_can_be_filtered_to_changes_the_rules_read(client, superuser):
    official = OfficialFactory(is_key_leader=False)
    client.force_login(superuser)
    body = model_data(official) | {"is_key_leader": "on"}
    body |= inline_data("discipline_reviews", official, [], fk_name="official")
    assert (
        client.post(reverse("admin:agencies_official_change", args=[official.pk]), body).status_code
        == 302
    )
    official.refresh_from_db()
    body = model_data(official) | {"position": "Phó Giám đốc"}
    body |= inline_data("discipline_reviews", official, [], fk_name="official")
    client.post(reverse("admin:agencies_official_change", args=[official.pk]), body)
    assert LogEntry.objects.count() == 2

    page = client.get(reverse("admin:admin_logentry_changelist"), {"rules": "yes"})

    assert page.status_code == 200
    shown = list(page.context["cl"].result_list)
    assert len(shown) == 1
    assert "Lãnh đạo chủ chốt: Không → Có" in page.content.decode()
    found = client.get(reverse("admin:admin_logentry_changelist"), {"q": "Lãnh đạo chủ chốt"})
    assert len(found.context["cl"].result_list) == 1


def test_a_lockout_is_still_lifted_by_deleting_the_attempt(client, superuser):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="canbo", ip_address="203.0.113.7", failures_since_start=5
    )
    client.force_login(superuser)

    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302

    assert not AccessAttempt.objects.exists()
    entry = LogEntry.objects.get()
    assert entry.action_flag == 3  # DELETION, with what was deleted
    assert "203.0.113.7" in entry.change_message


def test_no_api_token_is_issued_in_someone_elses_name_in_the_admin(client, superuser, staff_a):
    from rest_framework.authtoken.models import Token

    client.force_login(superuser)

    response = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": staff_a.pk})

    assert response.status_code == 403
    assert not Token.objects.exists()


def test_the_agency_filter_lists_only_the_agencies_a_staff_member_sees(
    client, staff_a, agency_a, agency_b
):
    staff_a.is_staff = True
    staff_a.save()
    TripFactory(agency=agency_a)
    TripFactory(agency=agency_b)
    client.force_login(staff_a)

    page = client.get(reverse("admin:trips_triprequest_changelist")).content.decode()

    assert agency_a.name in page
    assert agency_b.name not in page


@pytest.mark.parametrize(
    "stored, shown",
    [
        ('[{"changed": {"fields": ["Chức vụ"]}}]', "Đã thay đổi Chức vụ."),  # Django's own
        ("[not json", "[not json"),
        ('[{"changed": 1, "added": 2}]', '[{"changed": 1, "added": 2}]'),
        ("Sửa tay", "Sửa tay"),
    ],
)
def test_log_messages_not_written_by_the_guard_are_shown_as_django_does(stored, shown):
    from core.admin_mixins import describe_change

    assert describe_change(LogEntry(change_message=stored)) == shown


def test_a_password_set_in_the_admin_is_logged_without_the_password(client, superuser, staff_a):
    client.force_login(superuser)
    url = reverse("admin:auth_user_password_change", args=[staff_a.pk])

    response = client.post(
        url, {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"}
    )

    assert response.status_code == 302
    staff_a.refresh_from_db()
    assert staff_a.check_password("Mat-khau-moi-2026!")
    assert "Mat-khau-moi" not in LogEntry.objects.get().change_message
