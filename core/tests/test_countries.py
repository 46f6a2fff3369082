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
