"""The home page: each role's to-do list, every row a link to where the work is done."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from accounts.tests.factories import UserFactory
from agencies.tests.factories import OfficialFactory
from approvals.models import ChainStep
from authority.substitutions import substitution_create
from documents.models import IssuedDocument
from passports.models import Handout, Passport
from passports.tests.factories import PassportFactory
from portal.demo import DEMO_PASSWORD, LOGINS, seed
from reports.models import PostTripReport
from trips.models import TripMember, TripRequest, TripTransition
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
S = TripRequest.Status
TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def back_trip(agency, *, due_in: int, title="Đoàn đã về", **fields):
    """A business trip back from abroad, its report due in `due_in` days (negative: late)."""
    return TripFactory(
        agency=agency,
        title=title,
        status=S.COMPLETED,
        departure_date=TODAY - 20 * DAY,
        return_date=TODAY - 15 * DAY,
        report_due_on=TODAY + due_in * DAY,
        submitted_at=timezone.now(),
        **fields,
    )


def returned_trip(agency, reason, title="Đoàn bị trả lại"):
    trip = TripFactory(agency=agency, title=title, status=S.RETURNED, submitted_at=timezone.now())
    TripTransition.objects.create(
        trip=trip, from_status=S.SUBMITTED, to_status=S.RETURNED, note=reason
    )
    return trip


def handed_out(official, trip, *, due_back_on):
    passport = PassportFactory(official=official, status=Passport.Status.HANDED_OUT)
    return Handout.objects.create(
        passport=passport,
        trip=trip,
        handed_out_on=trip.departure_date - 2 * DAY,
        received_by=official.full_name,
        due_back_on=due_back_on,
    )


def test_the_home_page_needs_a_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_home_answers_405_to_a_post(client, staff_a):
    client.force_login(staff_a)
    assert client.post(reverse("home")).status_code == 405


def test_staff_see_a_report_due_with_a_link_and_never_an_empty_list(client, staff_a):
    trip = back_trip(staff_a.agency, due_in=5)
    PostTripReport.objects.create(trip=trip, due_on=trip.report_due_on)
    html = home(client, staff_a)
    assert "Báo cáo kết quả phải nộp" in html
    assert f'href="{reverse("reports:edit", args=[trip.pk])}"' in html
    assert "Không có hồ sơ nào" not in html and "Không có việc nào cần làm" not in html


def test_staff_see_an_overdue_report_not_yet_opened_linked_to_the_trip(client, staff_a):
    trip = back_trip(staff_a.agency, due_in=-3, title="Đoàn chưa có báo cáo")
    html = home(client, staff_a)
    assert "Đoàn chưa có báo cáo" in html and "Quá hạn" in html
    assert f'href="{reverse("trips:detail", args=[trip.pk])}"' in html


def test_a_filed_report_is_no_longer_owed(client, staff_a):
    trip = back_trip(staff_a.agency, due_in=-3, title="Đoàn đã nộp báo cáo")
    PostTripReport.objects.create(
        trip=trip, due_on=trip.report_due_on, status=PostTripReport.Status.SUBMITTED
    )
    html = home(client, staff_a)
    assert "Đoàn đã nộp báo cáo" not in html
    assert "Không có việc nào cần làm" in html


def test_staff_see_the_reason_of_a_return_as_a_banner_linked_to_the_form(client, staff_a):
    trip = returned_trip(staff_a.agency, "Thiếu thư mời của đối tác.")
    html = home(client, staff_a)
    assert "Hồ sơ bị trả lại, cần sửa" in html
    assert "Thiếu thư mời của đối tác." in html
    assert f'href="{reverse("trips:edit", args=[trip.pk])}"' in html


def test_staff_see_drafts_and_passports_to_hand_back_of_their_agency_only(
    client, staff_a, agency_b
):
    draft = TripFactory(agency=staff_a.agency, title="Dự thảo của Sở A")
    TripFactory(agency=agency_b, title="Dự thảo của Sở B")
    returned_trip(agency_b, "Lý do của Sở B", title="Trả lại Sở B")
    trip = back_trip(staff_a.agency, due_in=5)
    handout = handed_out(OfficialFactory(agency=staff_a.agency), trip, due_back_on=TODAY - 2 * DAY)
    html = home(client, staff_a)
    assert f'href="{reverse("trips:edit", args=[draft.pk])}"' in html
    assert "Dự thảo của Sở B" not in html and "Lý do của Sở B" not in html
    assert "Hộ chiếu cần nộp lại" in html
    assert f'href="{reverse("passports:detail", args=[handout.passport_id])}"' in html


def test_reviewers_see_decisions_reports_to_accept_and_overdue_reports(client, reviewer, agency_b):
    waiting = TripFactory(agency=agency_b, status=S.SUBMITTED, submitted_at=timezone.now())
    filed = back_trip(agency_b, due_in=-1, title="Đoàn đã nộp")
    PostTripReport.objects.create(
        trip=filed,
        due_on=filed.report_due_on,
        status=PostTripReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    late = back_trip(agency_b, due_in=-4, title="Đoàn nộp trễ")
    PostTripReport.objects.create(trip=late, due_on=late.report_due_on)
    html = home(client, reviewer)
    assert f'href="{reverse("trips:detail", args=[waiting.pk])}"' in html
    assert "Báo cáo kết quả chờ tiếp nhận" in html
    assert f'href="{reverse("reports:edit", args=[filed.pk])}"' in html
    assert "Báo cáo kết quả quá hạn" in html
    assert f'href="{reverse("reports:edit", args=[late.pk])}"' in html


def test_custodians_see_hand_outs_hand_backs_and_expiring_passports(client, custodian, agency_b):
    leaving = TripFactory(
        agency=agency_b,
        status=S.APPROVED,
        submitted_at=timezone.now(),
        departure_date=TODAY + 5 * DAY,
        return_date=TODAY + 9 * DAY,
    )
    member = TripMember.objects.create(trip=leaving, official=OfficialFactory(agency=agency_b))
    kept = PassportFactory(official=member.official)
    late = handed_out(
        OfficialFactory(agency=agency_b),
        back_trip(agency_b, due_in=3),
        due_back_on=TODAY - DAY,
    )
    expiring = PassportFactory(expires_on=TODAY + 60 * DAY, issued_on=TODAY - 3000 * DAY)
    html = home(client, custodian)
    assert "Hộ chiếu cần giao cho chuyến đi sắp tới" in html
    assert (
        f'href="{reverse("passports:detail", args=[kept.pk])}?trip={leaving.pk}#giao-form"' in html
    )
    assert f'href="{reverse("passports:detail", args=[late.passport_id])}#nhan-lai-form"' in html
    assert "Quá hạn" in html
    assert f'href="{reverse("passports:detail", args=[expiring.pk])}"' in html


def test_a_passport_handed_out_for_the_trip_is_no_longer_due(client, custodian, agency_b):
    leaving = TripFactory(
        agency=agency_b,
        status=S.APPROVED,
        departure_date=TODAY + 5 * DAY,
        return_date=TODAY + 9 * DAY,
    )
    official = OfficialFactory(agency=agency_b, full_name="Người đã nhận hộ chiếu")
    TripMember.objects.create(trip=leaving, official=official)
    handed_out(official, leaving, due_back_on=TODAY + 12 * DAY)
    html = home(client, custodian)
    assert "Hộ chiếu cần giao cho chuyến đi sắp tới" not in html


def test_the_administrator_has_the_admin_in_the_menu_and_counts_by_status(client, administrator):
    administrator.is_staff = True
    administrator.save()
    TripFactory(status=S.DRAFT)
    html = home(client, administrator)
    assert html.count(f'href="{reverse("admin:index")}"') == 2  # the menu and the page
    assert "Toàn tỉnh: hồ sơ theo trạng thái" in html
    assert f'href="{reverse("trips:list")}?status=draft"' in html


def decide_step(trip, *, opened_days_ago=1):
    """The decision step of `trip`, waiting for the deciders since `opened_days_ago`."""
    from authority.models import Body

    province = Body.objects.province()
    return ChainStep.objects.create(
        trip=trip,
        position=2,
        action=ChainStep.Action.DECIDE,
        body=province,
        kinds=",head,deputy,acting_head,",
        issuing_body=province,
        status=ChainStep.Status.ACTIVE,
        opened_at=timezone.now() - opened_days_ago * DAY,
    )


@pytest.fixture
def decider(db):
    from authority.tests.factories import chairman

    return chairman(UserFactory(username="lanhdao", first_name="Chủ tịch", roles=[Role.DECIDER]))


def test_a_decider_home_is_the_steps_waiting_with_deadline_and_link(client, decider, agency_b):
    trip = TripFactory(agency=agency_b, status=S.APPRAISED, title="Đoàn chờ quyết định")
    decide_step(trip, opened_days_ago=30)
    html = home(client, decider)
    assert "chưa được phân vai trò" not in html
    assert "Hồ sơ chờ tôi xử lý" in html and "Đoàn chờ quyết định" in html
    assert f'href="{reverse("trips:detail", args=[trip.pk])}"' in html
    assert "Hạn xử lý" in html and "Quá hạn" in html
    assert "Thay cho" not in html


def test_a_substitute_home_shows_whom_they_act_for(client, decider, outsider, agency_b):
    from authority.tests.factories import vice_chairman

    outsider.first_name = "Phó"
    outsider.save()
    vice_chairman(outsider)  # may stand in for the Chairman (issue 23)
    substitution_create(
        actor=decider, principal=decider, substitute=outsider, starts_on=TODAY, ends_on=TODAY
    )
    decide_step(TripFactory(agency=agency_b, status=S.APPRAISED, title="Đoàn chờ ý kiến"))
    html = home(client, outsider)
    assert "Đoàn chờ ý kiến" in html
    assert f"Thay cho {decider}" in html


def test_a_decider_with_nothing_waiting_is_told_so(client, decider):
    html = home(client, decider)
    assert "Không có việc nào cần làm" in html and "chưa được phân vai trò" not in html


def test_staff_home_links_the_decision_of_an_approved_trip(client, staff_a, agency_b):
    trip = TripFactory(
        agency=staff_a.agency,
        status=S.APPROVED,
        title="Đoàn đã được cử",
        departure_date=TODAY + 5 * DAY,
        return_date=TODAY + 9 * DAY,
    )
    decision = IssuedDocument.objects.create(
        year=TODAY.year,
        issuer="UBND",
        number=7,
        symbol="07/QĐ-UBND",
        kind=IssuedDocument.Kind.DECISION,
        title="Cử đoàn",
        issued_on=TODAY,
        signer="X",
        trip=trip,
        issued_by=UserFactory(),
    )
    TripFactory(agency=agency_b, status=S.APPROVED, title="Đoàn của Sở B")
    waiting = TripFactory(
        agency=staff_a.agency,
        status=S.APPROVED,
        title="Đoàn chờ quyết định",
        departure_date=TODAY + 6 * DAY,
        return_date=TODAY + 7 * DAY,
    )
    html = home(client, staff_a)
    assert f'href="{reverse("documents:download", args=[decision.pk])}"' in html
    assert f'href="{reverse("trips:detail", args=[waiting.pk])}"' in html
    assert "Quyết định chưa ban hành" in html
    assert "Đoàn của Sở B" not in html


def test_custodian_links_open_the_hand_out_and_take_back_forms(client, custodian, agency_b):
    leaving = TripFactory(
        agency=agency_b,
        status=S.APPROVED,
        departure_date=TODAY + 5 * DAY,
        return_date=TODAY + 9 * DAY,
    )
    member = TripMember.objects.create(trip=leaving, official=OfficialFactory(agency=agency_b))
    kept = PassportFactory(official=member.official)
    late = handed_out(
        OfficialFactory(agency=agency_b), back_trip(agency_b, due_in=3), due_back_on=TODAY - DAY
    )
    due = handed_out(
        OfficialFactory(agency=agency_b), back_trip(agency_b, due_in=3), due_back_on=TODAY + 2 * DAY
    )
    html = home(client, custodian)
    hand_out = f"{reverse('passports:detail', args=[kept.pk])}?trip={leaving.pk}#giao-form"
    assert f'href="{hand_out}"' in html
    assert "Hộ chiếu quá hạn nộp lại" in html
    overdue_section = html.split('id="handbacks-overdue"')[1].split("</section>")[0]
    assert (
        f"{reverse('passports:detail', args=[late.passport_id])}#nhan-lai-form" in overdue_section
    )
    assert str(due.passport_id) + "/#nhan-lai-form" not in overdue_section
    out_section = html.split('id="passports-out"')[1].split("</section>")[0]
    assert f"{reverse('passports:detail', args=[due.passport_id])}#nhan-lai-form" in out_section
    # The link's form has the trip chosen already.
    page = client.get(hand_out.split("#")[0]).content.decode()
    assert f'<option value="{leaving.pk}" selected>' in page


def test_a_user_without_role_is_told_so(client, outsider):
    html = home(client, outsider)
    assert "chưa được phân vai trò" in html
    assert reverse("admin:index") not in html


def _rows_for(persona, user, agency_b, n):
    for i in range(n):
        if persona == "staff_a":
            returned_trip(user.agency, f"Lý do {i}", title=f"Trả lại {i}")
            TripFactory(agency=user.agency)
            trip = back_trip(user.agency, due_in=i - 2)
            handed_out(OfficialFactory(agency=user.agency), trip, due_back_on=TODAY)
        elif persona == "decider":
            decide_step(TripFactory(agency=agency_b, status=S.APPRAISED), opened_days_ago=i)
        elif persona == "reviewer":
            TripFactory(agency=agency_b, status=S.SUBMITTED, submitted_at=timezone.now())
            trip = back_trip(agency_b, due_in=-1)
            PostTripReport.objects.create(
                trip=trip, due_on=trip.report_due_on, status=PostTripReport.Status.SUBMITTED
            )
            back_trip(agency_b, due_in=-2)
        else:
            leaving = TripFactory(
                agency=agency_b,
                status=S.APPROVED,
                departure_date=TODAY + 3 * DAY,
                return_date=TODAY + 6 * DAY,
            )
            official = OfficialFactory(agency=agency_b)
            TripMember.objects.create(trip=leaving, official=official)
            PassportFactory(official=official, expires_on=TODAY + 90 * DAY)
            handed_out(OfficialFactory(agency=agency_b), leaving, due_back_on=TODAY + DAY)


# The queries of every home page: the session, the user, the user's groups (roles), the
# unread notices in the menu (no save of the session: it slides at most once a minute,
# accounts/sessions.py); then one per list.
BASE_QUERIES = 4
LISTS = {
    # returned with reason (subquery), drafts, waiting for the head's signature of the
    # proposal, reports owed, passports out of the agency, approved trips with their
    # decision (subquery)
    "staff_a": 6,
    # requests submitted, reports waiting for acceptance, reports overdue
    "reviewer": 3,
    # members without a hand-out (with the passport in custody), overdue, due back, expiring
    "custodian": 4,
    # own groups, roles held as a substitute, the waiting steps, the substitutions held (whom
    # for), the working-day calendar's overrides (approvals.chain_inbox.inbox)
    "decider": 5,
}


@pytest.mark.parametrize("persona", sorted(LISTS))
@pytest.mark.parametrize("rows", [1, 25])
def test_home_queries_do_not_grow_with_rows(
    client, request, persona, rows, agency_b, django_assert_num_queries
):
    user = request.getfixturevalue(persona)
    _rows_for(persona, user, agency_b, rows)
    client.force_login(user)
    with django_assert_num_queries(BASE_QUERIES + LISTS[persona]):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.content.decode().count(
        "list-group-item-action"
    ) + response.content.decode().count("alert-link") >= min(rows, 20)


def test_every_demo_login_reaches_its_home_page(client):
    seed(today=dt.date(2026, 11, 27))
    for username, *_rest in LOGINS:
        response = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD}, follow=True
        )
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == reverse("home"), username
        assert "Xin chào" in response.content.decode()
        client.post(reverse("logout"))
