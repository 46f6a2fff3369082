"""Digits that are not ASCII ("²", "٣"): str.isdigit() takes them and int() raises, so every
number read from a query string or a form is checked with core.validators.is_number. Each
place answers as for any other wrong value, never 500."""

import pytest
from django.test import Client
from django.urls import reverse

from core.validators import is_number
from passports.tests.factories import PassportFactory
from trips.policy.editing import clean_value

pytestmark = pytest.mark.django_db
ODD = "²"


def test_is_number_takes_ascii_digits_only():
    assert is_number("2026") and not is_number(ODD) and not is_number("٣") and not is_number("")


def test_pages_read_odd_digits_as_no_value(reviewer, custodian):
    client = Client(raise_request_exception=False)
    client.force_login(reviewer)
    for url, query in (
        (reverse("documents:register"), {"after": f"UBND.{ODD}"}),
        (reverse("documents:register"), {"before": f"UBND.{ODD}"}),
        (reverse("analytics:statistics"), {"year": ODD, "agency": ODD}),
        (reverse("reports:dashboard"), {"year": ODD}),
        (reverse("trips:queue"), {"agency": ODD}),
        ("/api/v1/register/", {"year": ODD}),
    ):
        assert client.get(url, query).status_code in (200, 400), url
    client.force_login(custodian)
    passport = PassportFactory()
    assert (
        client.get(reverse("passports:detail", args=[passport.pk]) + f"?trip={ODD}").status_code
        == 200
    )


def test_a_threshold_in_odd_digits_is_a_message():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        clean_value("max_delegates", ODD)
