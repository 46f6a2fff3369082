"""The request page's chain actions in the browser (no JavaScript): appraisal and the Party
opinion; wrong role 403, outsider 404, wrong method 405."""

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals.chain import chain_of
from approvals.tests.chain_helpers import decider_user, submitted_at_level

pytestmark = pytest.mark.django_db


def test_appraisal_from_the_page(client, staff_a, staff_b, reviewer):
    trip = submitted_at_level(staff_a, "province")
    agree = reverse("approvals:appraise-approve", args=[trip.pk])
    client.force_login(reviewer)
    page = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert 'id="appraise"' in page and 'id="appraise_reject"' in page and 'id="chain"' in page
    assert client.get(agree).status_code == 405
    response = client.post(agree, {"note": "Đủ điều kiện"})
    assert response.status_code == 302
    trip.refresh_from_db()
    assert trip.status == "appraised" and chain_of(trip)[1].note == "Đủ điều kiện"
    client.force_login(staff_b)
    assert client.post(agree).status_code == 404


def test_both_appraisal_opinions_ask_before_they_take_effect(client, staff_a, reviewer):
    trip = submitted_at_level(staff_a, "province")
    client.force_login(reviewer)
    page = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    for url_name in ("approvals:appraise-approve", "approvals:appraise-reject"):
        form = page.split(f'action="{reverse(url_name, args=[trip.pk])}"')[1].split(">")[0]
        assert "data-confirm=" in form, url_name


def test_a_negative_appraisal_without_a_reason_is_a_message(client, staff_a, reviewer):
    trip = submitted_at_level(staff_a, "province")
    client.force_login(reviewer)
    response = client.post(
        reverse("approvals:appraise-reject", args=[trip.pk]), {"note": " "}, follow=True
    )
    assert "Phải ghi lý do khi thẩm định không đồng ý." in response.content.decode()
    trip.refresh_from_db()
    assert trip.status == "submitted"


def test_the_party_opinion_page(client, staff_a, reviewer):
    decider = decider_user()
    trip = submitted_at_level(staff_a, "standing_committee")
    url = reverse("approvals:party-opinion", args=[trip.pk])
    client.force_login(reviewer)
    assert client.get(url).status_code == 403  # not waiting for the opinion yet
    client.post(reverse("approvals:appraise-approve", args=[trip.pk]))
    assert client.post(url).status_code == 200  # the page's button opens the form
    future = {"reference": "9-CV/TU", "dated": "01/01/2099", "agreed": "true", "note": ""}
    refused = client.post(url, future)
    assert refused.status_code == 200
    assert "Ngày văn bản không được sau ngày hôm nay." in refused.content.decode()
    assert chain_of(trip)[2].status == "active"
    response = client.post(
        url,
        {
            "reference": "9-CV/TU",
            "dated": timezone.localdate().strftime("%d/%m/%Y"),
            "agreed": "true",
            "note": "",
        },
    )
    assert response.status_code == 302
    trip.refresh_from_db()
    assert chain_of(trip)[2].party_reference == "9-CV/TU"
    client.force_login(decider)
    assert 'id="approve"' in client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    client.force_login(staff_a)
    assert client.get(url).status_code == 403
