"""The notices page: opening a notice marks it read and leads to what it is about."""

import pytest
from django.urls import reverse

from core.models import Notification

pytestmark = pytest.mark.django_db


def _notice(user, **kwargs):
    fields = {"subject": "Hồ sơ đã được phê duyệt: Dự hội chợ", "url": "/ho-so/1/"}
    return Notification.objects.create(recipient=user, event_key="k", **fields | kwargs)


def test_opening_a_notice_marks_it_read_and_goes_to_its_page(client, staff_a):
    notice = _notice(staff_a, body="Sở Ngoại vụ, từ 01/06/2027 đến 05/06/2027.")
    client.force_login(staff_a)
    assert client.get(reverse("notification-open", args=[notice.pk])).status_code == 405
    response = client.post(reverse("notification-open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == "/ho-so/1/"
    notice.refresh_from_db()
    assert notice.read_at is not None


def test_another_persons_notice_is_404(client, staff_a, staff_b):
    notice = _notice(staff_a)
    client.force_login(staff_b)
    assert client.post(reverse("notification-open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_redirects_off_the_site(client, staff_a):
    notice = _notice(staff_a, url="https://evil.example/")
    client.force_login(staff_a)
    response = client.post(reverse("notification-open", args=[notice.pk]))
    assert response.url == reverse("notifications")


def test_the_list_does_not_repeat_the_subject_as_the_body(client, staff_a):
    _notice(staff_a, body="Hồ sơ đã được phê duyệt: Dự hội chợ")
    client.force_login(staff_a)
    html = client.get(reverse("notifications")).content.decode()
    assert html.count("Hồ sơ đã được phê duyệt: Dự hội chợ") == 1


def test_a_transition_notice_says_who_and_when_not_the_subject_again(staff_a, head_a):
    from trips.tests.helpers import submitted_trip

    trip = submitted_trip(staff_a)
    notice = Notification.objects.get(recipient=head_a)
    assert trip.title in notice.subject
    assert trip.title not in notice.body and str(trip.agency) in notice.body
