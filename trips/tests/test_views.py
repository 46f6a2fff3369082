"""Every trip view: it works, an outsider gets 404, a wrong role 403, a wrong method 405."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from agencies.tests.factories import OfficialFactory
from core.models import Notification
from trips.models import TripRequest
from trips.tests.factories import TripFactory
from trips.tests.helpers import draft_trip, ready_officials, submitted_trip

pytestmark = pytest.mark.django_db
S = TripRequest.Status


def form_data(people, **overrides):
    data = {
        "kind": "business",
        "title": "Đoàn công tác Hàn Quốc",
        "purpose": "Học tập kinh nghiệm",
        "countries": ["KR"],
        "departure_date": "05/04/2027",
        "return_date": "09/04/2027",
        "inviter": "Tỉnh Gyeonggi",
        "organiser_type": "foreign_government",
        "estimated_cost_vnd": "250.000.000",
        "members": [p.id for p in people],
        "head": people[0].id,
        "action": "save",
    }
    data.update(overrides)
    return data


# --- list ---------------------------------------------------------------------------------


def test_list_shows_staff_their_agency_only(client, staff_a, staff_b):
    draft_trip(staff_a, title="Chuyến của A")
    draft_trip(staff_b, title="Chuyến của B")
    client.force_login(staff_a)
    html = client.get(reverse("trips:list")).content.decode()
    assert "Chuyến của A" in html and "Chuyến của B" not in html


def test_list_filters(client, staff_a):
    draft_trip(staff_a, title="Đi Nhật")
    draft_trip(staff_a, title="Đi Pháp", countries=["FR"])
    client.force_login(staff_a)
    html = client.get(reverse("trips:list"), {"country": "FR"}).content.decode()
    assert "Đi Pháp" in html and "Đi Nhật" not in html
    html = client.get(reverse("trips:list"), {"q": "Nhật"}).content.decode()
    assert "Đi Nhật" in html and "Đi Pháp" not in html


def test_list_needs_a_role_and_get(client, outsider, staff_a):
    assert client.get(reverse("trips:list")).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(reverse("trips:list")).status_code == 403
    client.force_login(staff_a)
    assert client.post(reverse("trips:list")).status_code == 405


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [("trips:list", "staff_a"), ("trips:queue", "reviewer"), ("trips:calendar", "reviewer")],
)
def test_lists_issue_constant_queries(client, request, staff_a, reviewer, url_name, persona):
    client.force_login(request.getfixturevalue(persona))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name), {"year": 2027, "month": 6}).status_code == 200
        return len(queries)

    from trips.tests.helpers import approved_trip

    approved_trip(staff_a, reviewer, n=1)
    submitted_trip(staff_a, n=1)
    one = count()
    people = OfficialFactory.create_batch(100, agency=staff_a.agency)
    submitted_at = "2027-01-04T08:00:00+07:00"
    for index, official in enumerate(people):
        status = S.APPROVED if index % 2 else S.SUBMITTED
        TripFactory(
            agency=staff_a.agency, status=status, submitted_at=submitted_at, members=[official]
        )
    # Session, user, groups, the page's count and rows (and the unread notices): fixed.
    assert count() == one


# --- create, edit and the live check ----------------------------------------------------


def test_create_a_draft_with_vietnamese_dates_and_amounts(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form_data(people))
    trip = TripRequest.objects.get()
    assert response.status_code == 302 and response.url == reverse("trips:detail", args=[trip.pk])
    assert trip.departure_date == dt.date(2027, 4, 5)  # 05/04 is 5 April
    assert trip.estimated_cost_vnd == 250_000_000
    assert trip.members.get(is_head=True).official == people[0]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"return_date": "01/04/2027"}, "Ngày về không được trước ngày đi."),
        ({"estimated_cost_vnd": "-5"}, "số nguyên không âm"),
        ({"estimated_cost_vnd": "250.000.000,5"}, "số nguyên không âm"),
        ({"departure_date": "2027/04/05"}, "ngày/tháng/năm"),
        ({"members": []}, "This field is required"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(client, staff_a, overrides, message):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    data = form_data(people, **overrides)
    if overrides.get("members") == []:
        data.pop("head")
        message = "Trường này là bắt buộc."
    response = client.post(reverse("trips:create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TripRequest.objects.exists()


def test_an_official_of_another_agency_is_not_offered(client, staff_a, agency_b):
    theirs = ready_officials(agency_b)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form_data(theirs))
    assert response.status_code == 200
    assert not TripRequest.objects.exists()


def test_submitting_without_justification_keeps_the_draft_and_says_why(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form_data(people, action="submit"), follow=True)
    trip = TripRequest.objects.get()
    assert trip.status == S.DRAFT
    assert "Cần giải trình" in response.content.decode()


def test_submitting_with_justifications(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    data = form_data(people, action="submit", **{"justification-NOT_IN_ANNUAL_PLAN": "Đột xuất"})
    client.post(reverse("trips:create"), data)
    assert TripRequest.objects.get().status == S.SUBMITTED


def test_the_live_check_returns_findings_and_justification_boxes(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    response = client.post(reverse("trips:check"), form_data(people, organiser_type="enterprise"))
    html = response.content.decode()
    assert 'data-finding="ENTERPRISE_SPONSORED"' in html
    assert 'name="justification-NOT_IN_ANNUAL_PLAN"' in html
    assert not TripRequest.objects.exists()  # nothing saved by a check


def test_check_and_create_are_for_staff(client, reviewer):
    client.force_login(reviewer)
    assert client.post(reverse("trips:check"), {}).status_code == 403
    assert client.get(reverse("trips:create")).status_code == 403
    assert client.get(reverse("trips:check")).status_code in (403, 405)


def test_edit_is_scoped_to_the_agency(client, staff_a, staff_b, reviewer):
    trip = draft_trip(staff_a)
    client.force_login(staff_b)
    assert client.get(reverse("trips:edit", args=[trip.pk])).status_code == 404
    client.force_login(reviewer)
    assert client.get(reverse("trips:edit", args=[trip.pk])).status_code == 403
    client.force_login(staff_a)
    response = client.get(reverse("trips:edit", args=[trip.pk]))
    assert response.status_code == 200
    assert 'value="05/04/2027"' not in response.content.decode()
    assert 'value="07/06/2027"' in response.content.decode()


# --- detail and actions -----------------------------------------------------------------


def test_detail_is_scoped(client, staff_a, staff_b, reviewer):
    draft = draft_trip(staff_a)
    submitted = submitted_trip(staff_a)
    client.force_login(staff_a)
    assert client.get(reverse("trips:detail", args=[draft.pk])).status_code == 200
    client.force_login(staff_b)
    assert client.get(reverse("trips:detail", args=[submitted.pk])).status_code == 404
    client.force_login(reviewer)
    assert client.get(reverse("trips:detail", args=[draft.pk])).status_code == 404
    response = client.get(reverse("trips:detail", args=[submitted.pk]))
    assert response.status_code == 200
    assert "Công tác năm" in response.content.decode()  # the members' year so far
    assert client.post(reverse("trips:detail", args=[submitted.pk])).status_code == 405


def test_the_agency_head_approves_with_a_note(client, staff_a, head_a):
    trip = submitted_trip(staff_a)
    client.force_login(head_a)
    response = client.post(reverse("trips:action", args=[trip.pk, "approve"]), {"note": "Đồng ý"})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == S.APPROVED and trip.history.last().note == "Đồng ý"


def test_return_needs_a_reason(client, staff_a, head_a):
    trip = submitted_trip(staff_a)
    client.force_login(head_a)
    response = client.post(
        reverse("trips:action", args=[trip.pk, "return"]), {"reason": " "}, follow=True
    )
    assert "Phải nêu lý do." in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


def test_actions_check_role_scope_method_and_name(client, staff_a, staff_b, reviewer):
    trip = submitted_trip(staff_a)
    client.force_login(staff_a)
    assert client.post(reverse("trips:action", args=[trip.pk, "approve"])).status_code == 403
    assert client.get(reverse("trips:action", args=[trip.pk, "approve"])).status_code == 405
    assert client.post(reverse("trips:action", args=[trip.pk, "explode"])).status_code == 404
    client.force_login(staff_b)
    assert client.post(reverse("trips:action", args=[trip.pk, "withdraw"])).status_code == 404
    trip.refresh_from_db()
    assert trip.status == S.SUBMITTED


def test_submit_notifies_the_step_s_holders_in_app_and_by_email(
    client, staff_a, head_a, eager_tasks, django_capture_on_commit_callbacks
):
    trip = draft_trip(staff_a)
    trip.justifications = {"NOT_IN_ANNUAL_PLAN": "Đột xuất"}
    trip.save()
    client.force_login(staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("trips:action", args=[trip.pk, "submit"]))
    notice = Notification.objects.get(recipient=head_a)
    assert trip.title in notice.subject and notice.emailed_at is not None
    assert [m.to for m in mail.outbox] == [[head_a.email]]
    client.force_login(head_a)
    assert trip.title in client.get(reverse("notifications")).content.decode()
    client.post(reverse("notifications"))
    notice.refresh_from_db()
    assert notice.read_at is not None


# --- queue and calendar -------------------------------------------------------------------


def test_queue_is_for_reviewers_ordered_by_departure(client, staff_a, reviewer):
    late = submitted_trip(
        staff_a,
        title="Đi muộn",
        departure_date=dt.date(2027, 9, 1),
        return_date=dt.date(2027, 9, 3),
    )
    early = submitted_trip(staff_a, title="Đi sớm")
    client.force_login(reviewer)
    html = client.get(reverse("trips:queue")).content.decode()
    assert html.index(early.title) < html.index(late.title)
    html = client.get(reverse("trips:queue"), {"finding": "LARGE_DELEGATION"}).content.decode()
    assert early.title not in html
    client.force_login(staff_a)
    assert client.get(reverse("trips:queue")).status_code == 403


def test_calendar_shows_who_is_away(client, staff_a, staff_b, reviewer, custodian):
    from trips.tests.helpers import approved_trip

    trip = approved_trip(staff_a, reviewer)
    name = trip.members.first().official.full_name
    client.force_login(reviewer)
    html = client.get(reverse("trips:calendar"), {"year": 2027, "month": 6}).content.decode()
    assert name in html
    client.force_login(staff_b)
    html = client.get(reverse("trips:calendar"), {"year": 2027, "month": 6}).content.decode()
    assert name not in html
    client.force_login(custodian)
    assert client.get(reverse("trips:calendar")).status_code == 403


def test_notifications_page_methods(client, staff_a):
    client.force_login(staff_a)
    assert client.get(reverse("notifications")).status_code == 200
    assert client.put(reverse("notifications")).status_code == 405
    client.logout()
    assert client.get(reverse("notifications")).status_code == 302


def test_action_messages_follow_the_readers_language(client, staff_a, head_a):
    trip = submitted_trip(staff_a)
    client.force_login(head_a)
    response = client.post(
        reverse("trips:action", args=[trip.pk, "approve"]),
        {},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "Request approved." in response.content.decode()


def test_the_form_refuses_ids_outside_the_authors_scope(client, staff_a, staff_b, reviewer):
    """Members of another agency and a line of a plan not approved are not choices, in the
    live check as in the save (the API refuses them alike: api/tests/test_scoping.py)."""
    from plans import services as plan_services

    theirs = ready_officials(staff_b.agency, 1)
    mine = ready_officials(staff_a.agency, 1)
    draft = plan_services.plan_create(actor=staff_a, year=2027)
    plan_services.plan_save_lines(
        plan=draft,
        actor=staff_a,
        lines=[{"title": "Dự thảo", "countries": ["KR"], "planned_members": 2, "budget_vnd": 1}],
    )
    client.force_login(staff_a)
    check = client.post(reverse("trips:check"), form_data(theirs))
    assert theirs[0].full_name not in check.content.decode()
    assert "data-finding" not in check.content.decode()
    saved = client.post(reverse("trips:create"), form_data(mine, plan_line=draft.lines.get().pk))
    assert saved.status_code == 200 and not TripRequest.objects.exists()
    assert "plan_line" in saved.context["form"].errors
