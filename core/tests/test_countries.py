"""Country names come from a reviewed Vietnamese table; English stays the library's."""

import pytest
from django.utils import translation
from django_countries import countries
from django_countries.data import COUNTRIES

from core.countries import vietnamese_names


def test_the_table_names_every_code_once_and_no_two_alike():
    names = vietnamese_names()
    assert set(names) == set(COUNTRIES)
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize(
    ("code", "vietnamese", "english"),
    [
        ("IS", "Ai-xơ-len", "Iceland"),
        ("IE", "Ai-len", "Ireland"),
        ("JE", "Jersey", "Jersey"),
        ("AT", "Áo", "Austria"),
        ("NE", "Ni-giê", "Niger"),
        ("NG", "Ni-giê-ri-a", "Nigeria"),
        ("SZ", "E-xoa-ti-ni", "Eswatini"),
        ("RE", "Réunion", "Réunion"),
        ("KR", "Hàn Quốc", "South Korea"),
        ("US", "Hoa Kỳ", "United States of America"),
    ],
)
def test_names_per_language(code, vietnamese, english):
    with translation.override("vi"):
        assert countries.name(code) == vietnamese
    with translation.override("en"):
        assert countries.name(code) == english


def test_choices_are_sorted_in_vietnamese():
    with translation.override("vi"):
        names = [name for _code, name in countries]
    assert names.index("Ai Cập") < names.index("Đức") < names.index("Hoa Kỳ")


@pytest.mark.django_db
def test_viet_nam_is_no_destination(client, staff_a):
    from django.urls import reverse

    from trips.models import TripRequest

    assert "VN" not in dict(TripRequest._meta.get_field("countries").choices)
    assert "VN" in dict(countries)  # still a country for everything else
    client.force_login(staff_a)
    html = client.get(reverse("trips:create")).content.decode()
    assert 'value="VN"' not in html and 'value="JP"' in html
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(staff_a)
    body = {"kind": "private", "title": "x", "countries": ["VN"]}
    response = api.post("/api/v1/trips/check/", body, format="json")
    assert response.status_code == 400 and "countries" in response.json()
