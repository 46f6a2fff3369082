"""Finding codes reach people as short Vietnamese labels (issue 15, item 8)."""

import pytest
from django.urls import reverse
from django.utils import translation

from trips.policy.labels import SHORT_LABELS, short_label
from trips.policy.rules import CODES
from trips.tests.helpers import submitted_trip

pytestmark = pytest.mark.django_db


def test_every_rule_has_a_short_label():
    assert set(SHORT_LABELS) == set(CODES)
    assert short_label("NO_SUCH_RULE") == "NO_SUCH_RULE"
    with translation.override("en"):
        assert short_label("NOT_IN_ANNUAL_PLAN") == "Not in annual plan"


def test_badges_and_the_filter_show_labels_not_codes(client, staff_a, reviewer):
    trip = submitted_trip(staff_a, n=6)  # a large delegation: LARGE_DELEGATION
    assert "LARGE_DELEGATION" in trip.finding_codes
    client.force_login(reviewer)
    for url in (reverse("trips:list"), reverse("trips:queue")):
        html = client.get(url).content.decode()
        assert ">Đoàn đông người</span>" in html
        assert '<option value="LARGE_DELEGATION">Đoàn đông người</option>' in html
        assert ">LARGE_DELEGATION<" not in html
    html = client.get(reverse("trips:detail", args=[trip.pk])).content.decode()
    assert ">Đoàn đông người<" in html and ">LARGE_DELEGATION<" not in html
