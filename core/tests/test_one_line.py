"""One-line fields refuse line breaks and control characters wherever they are typed (browser
form, API, admin), and a notice's email is built safely or logged and retried, never dropped."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from agencies.tests.factories import OfficialFactory
from core.models import Notification
from core.notifications import notify
from core.tasks import send_notification_email, unsent_notification_ids
from core.validators import one_line, single_line
from trips.models import TripRequest
from trips.tests.helpers import ready_officials
from trips.tests.test_views import form_data

pytestmark = pytest.mark.django_db
INJECTED = "a\r\nBcc: x@example.org"
MESSAGE = "Chỉ được nhập một dòng"


@pytest.mark.parametrize(
    "text", [INJECTED, "a\nb", "a\rb", "a\tb", "a\x00b", "a\x7fb", "a\x85b", "a\u2028b"]
)
def test_control_characters_are_refused(text):
    with pytest.raises(ValidationError) as refused:
        one_line(text)
    assert refused.value.code == "control_characters"
    assert "\n" not in single_line(text) and "\r" not in single_line(text)


def test_ordinary_vietnamese_text_passes():
    one_line("Đoàn xúc tiến đầu tư – Nhật Bản (Kanagawa), 2027")
    assert single_line(INJECTED) == "a Bcc: x@example.org"


def test_the_browser_form_refuses_a_title_on_two_lines(client, staff_a):
    people = ready_officials(staff_a.agency, 2)
    client.force_login(staff_a)
    response = client.post(reverse("trips:create"), form_data(people, title=INJECTED))
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not TripRequest.objects.exists()


def _api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_refuses_control_characters(staff_a, custodian, administrator):
    people = ready_officials(staff_a.agency, 2)
    trip = {
        "kind": "business",
        "title": INJECTED,
        "countries": ["KR"],
        "departure_date": "2027-04-05",
        "return_date": "2027-04-09",
        "inviter": "Tỉnh\nGyeonggi",
        "members": [{"official": p.id, "is_head": i == 0} for i, p in enumerate(people)],
    }
    refused = _api(staff_a).post("/api/v1/trips/", trip, format="json")
    assert refused.status_code == 400
    assert {"title", "inviter"} <= set(refused.json())
    assert not TripRequest.objects.exists()

    line = {"title": INJECTED, "countries": ["JP"], "planned_members": 1, "budget_vnd": 1}
    plan = _api(staff_a).post("/api/v1/plans/", {"year": 2027, "lines": [line]}, format="json")
    assert plan.status_code == 400 and "lines" in plan.json()

    official = OfficialFactory(agency=staff_a.agency)
    passport = {
        "official": official.pk,
        "kind": "ordinary",
        "number": "C111\n2223",
        "issued_on": "2024-01-01",
        "expires_on": "2034-01-01",
    }
    refused = _api(custodian).post("/api/v1/passports/", passport, format="json")
    assert refused.status_code == 400 and "number" in refused.json()

    agency = {"code": "moi", "name": "Sở\r\nmới", "kind": "department"}
    refused = _api(administrator).post("/api/v1/agencies/", agency, format="json")
    assert refused.status_code == 400 and "name" in refused.json()


def test_the_admin_refuses_control_characters(admin_client):
    response = admin_client.post(
        reverse("admin:agencies_agency_add"),
        {"code": "moi", "name": "Sở\r\nmới", "kind": "department"},
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()


def test_a_subject_from_user_text_stays_on_one_line(
    staff_a, eager_tasks, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        (notice,) = notify(
            recipients=[staff_a], event_key="thu", subject=f"Hồ sơ: {INJECTED}", body="Nội dung"
        )
    assert notice.subject == "Hồ sơ: a Bcc: x@example.org"
    (message,) = mail.outbox
    assert message.recipients() == [staff_a.email]
    assert message.subject == "Hồ sơ: a Bcc: x@example.org"


def test_a_notice_stored_with_a_line_break_is_still_emailed(staff_a):
    # Written before notify() kept subjects on one line: it used to fail to build, forever.
    notice = Notification.objects.create(
        recipient=staff_a, subject=f"Hồ sơ: {INJECTED}", body="Nội dung", event_key="cu"
    )
    mail.outbox.clear()
    assert send_notification_email.apply(args=[notice.pk]).get() is True
    (message,) = mail.outbox
    assert message.recipients() == [staff_a.email]
    assert "\n" not in message.subject


def test_an_email_that_cannot_be_built_is_logged_retried_and_left_for_the_sweep(
    staff_a, settings, caplog
):
    settings.DEFAULT_FROM_EMAIL = "travel@example.org\r\nBcc: x@example.org"  # a broken setting
    notice = Notification.objects.create(
        recipient=staff_a, subject="Hồ sơ", body="Nội dung", event_key="hong"
    )
    mail.outbox.clear()
    result = send_notification_email.apply(args=[notice.pk])
    assert result.failed()
    assert mail.outbox == []
    # Every attempt logged (the first and its retries), none silent.
    attempts = caplog.text.count(f"email of notification {notice.pk} not sent; it will be retried")
    assert attempts == 1 + send_notification_email.max_retries
    notice.refresh_from_db()
    assert notice.emailed_at is None and notice.email_claimed_at is None
    later = timezone.now() + dt.timedelta(minutes=10)
    assert notice.pk in unsent_notification_ids(now=later)  # the daily sweep sends it again


def test_a_hand_over_refuses_a_name_on_two_lines(client, staff_a, reviewer, custodian):
    from trips.tests.helpers import approved_trip

    trip = approved_trip(staff_a, reviewer)
    passport = trip.members.get(is_head=True).official.passports.get(kind="official")
    out = {"trip": trip.pk, "received_by": "Nguyễn\r\nVăn A"}
    refused = _api(custodian).post(
        f"/api/v1/passports/{passport.pk}/check-out/", out, format="json"
    )
    assert refused.status_code == 400 and "received_by" in refused.json()
    passport.refresh_from_db()
    assert passport.status == "in_custody"
