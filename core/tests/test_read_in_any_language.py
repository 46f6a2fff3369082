"""Texts stored in one language, read in the reader's (issue 27, item 8): a notice's subject
and a request's stored findings keep their source and parameters and are rendered at read
time; rows stored before that stay readable as they were written."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from agencies import services as agency_services
from agencies.tests.factories import OfficialFactory
from core.i18n import remembering_gettext
from core.models import Notification
from core.notifications import notify
from passports.alerts import overdue_handbacks
from passports.models import Handout, Passport
from passports.tests.factories import PassportFactory
from trips.policy.findings import make, render_stored
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db
APPROVED = "Hồ sơ đã được phê duyệt: %(title)s"
QUOTA = (
    "%(name)s đã có %(count)s chuyến công tác nước ngoài năm %(year)s; "
    "chuyến này sẽ vượt quá %(limit)s chuyến/năm."
)


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_a_notice_written_in_vietnamese_is_read_in_english(client, staff_a):
    with translation.override("vi"):
        notify(
            recipients=[staff_a],
            event_key="approved-1",
            subject=remembering_gettext(APPROVED) % {"title": "Đoàn Nhật Bản"},
            body="Sở A",
        )
    Notification.objects.create(recipient=staff_a, event_key="old", subject="Thông báo cũ")
    notice = Notification.objects.get(event_key="approved-1")
    assert notice.subject == "Hồ sơ đã được phê duyệt: Đoàn Nhật Bản"  # the email's text
    client.force_login(staff_a)
    _english(client)
    html = client.get(reverse("notifications")).content.decode()
    assert "Request approved: Đoàn Nhật Bản" in html
    assert "Hồ sơ đã được phê duyệt" not in html
    assert "Thông báo cũ" in html  # stored before subjects kept their source
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert (
        "Hồ sơ đã được phê duyệt: Đoàn Nhật Bản"
        in client.get(reverse("notifications")).content.decode()
    )


def test_a_stored_finding_renders_in_the_readers_language():
    params = {"name": "Ông Lê Văn A", "count": 2, "year": 2026, "limit": 2}
    with translation.override("vi"):
        stored = make("TRIP_QUOTA_EXCEEDED", "block", remembering_gettext(QUOTA) % params).stored()
    assert stored["message"].startswith("Ông Lê Văn A đã có 2 chuyến")
    assert stored["template"] == QUOTA and stored["params"] == params
    with translation.override("en"):
        assert render_stored(stored) == (
            "Ông Lê Văn A already has 2 business trips abroad in 2026; this one would "
            "exceed 2 a year."
        )
        old = {k: v for k, v in stored.items() if k not in ("template", "params")}
        assert render_stored(old) == stored["message"]
        # A source that no longer takes those parameters: the stored text, never a 500.
        assert render_stored({**stored, "params": {"other": 1}}) == stored["message"]


def test_the_trip_lists_tooltip_is_in_the_readers_language(client, staff_a):
    params = {"name": "Ông Lê Văn A", "count": 2, "year": 2026, "limit": 2}
    with translation.override("vi"):
        finding = make("TRIP_QUOTA_EXCEEDED", "block", remembering_gettext(QUOTA) % params)
    TripFactory(agency=staff_a.agency, findings=[finding.stored()])
    client.force_login(staff_a)
    _english(client)
    html = client.get(reverse("trips:list")).content.decode()
    assert 'title="Ông Lê Văn A already has 2 business trips abroad in 2026' in html
    assert "đã có 2 chuyến" not in html


def test_a_sweep_alert_is_read_in_english_too(client, custodian, agency_a):
    today = timezone.localdate()
    official = OfficialFactory(agency=agency_a, full_name="Lê Văn Chậm")
    passport = PassportFactory(
        official=official, status=Passport.Status.HANDED_OUT, number="C1234567"
    )
    trip = TripFactory(agency=agency_a, departure_date=today - dt.timedelta(days=20),
                       return_date=today - dt.timedelta(days=15))  # fmt: skip
    Handout.objects.create(
        passport=passport, trip=trip, handed_out_on=today - dt.timedelta(days=21),
        received_by=official.full_name, due_back_on=today - dt.timedelta(days=3),
    )  # fmt: skip
    with translation.override("vi"):
        assert overdue_handbacks(today) >= 1
    client.force_login(custodian)
    _english(client)
    html = client.get(reverse("notifications")).content.decode()
    assert "Passport C1234567 of Lê Văn Chậm is overdue for hand-back" in html


def test_the_sweeps_batch_of_notices_keeps_the_subjects_source(client, staff_a):
    """notify_many (the sweep's reminders, one insert for many) stores the source as notify()
    does: a reminder written in Vietnamese is read in English."""
    from core.notifications import notify_many

    with translation.override("vi"):
        subject = remembering_gettext(APPROVED) % {"title": "Đoàn Hàn Quốc"}
        assert notify_many([([staff_a.pk], "approved-2", subject, "Sở A", "")]) == 1
    client.force_login(staff_a)
    _english(client)
    html = client.get(reverse("notifications")).content.decode()
    assert "Request approved: Đoàn Hàn Quốc" in html


def test_a_members_transfer_notice_reads_in_english(client, staff_a, agency_b, administrator):
    """The passports' lifecycle notices (a member moved to another agency) remember their
    sentence too."""
    from trips.tests.helpers import submitted_trip

    trip = submitted_trip(staff_a)
    official = trip.members.get(is_head=True).official
    with translation.override("vi"):
        agency_services.official_transfer(
            official=official,
            to_agency=agency_b,
            effective_on=timezone.localdate(),
            actor=administrator,
        )
    client.force_login(staff_a)
    _english(client)
    html = client.get(reverse("notifications")).content.decode()
    assert f"was transferred to {agency_b.name}" in html
    assert "đã được điều chuyển" not in html


def test_a_finding_composed_of_pieces_reads_in_english():
    """YEAR_EDGE names its reasons in one sentence (remembered_join): each piece keeps its
    source too, so the stored finding reads whole in the reader's language, also after the
    JSON round trip of TripRequest.findings."""
    import json

    from trips.policy import rules
    from trips.tests.facts_builder import facts, official, trip

    a = official()
    f = facts(trip([a], start=dt.date(2026, 12, 30), end=dt.date(2027, 1, 2)), [a])
    with translation.override("vi"):
        (finding,) = rules.YEAR_EDGE(f)
    stored = json.loads(json.dumps(finding.stored()))
    assert "15 ngày cuối năm" in render_stored(stored)
    with translation.override("en"):
        english = render_stored(stored)
    assert "the first 15 days of the year" in english and "the last 15 days" in english
    assert "ngày" not in english
