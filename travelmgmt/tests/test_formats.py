"""Dates are day first in both languages: what is displayed is what the date picker writes."""

import datetime as dt

import pytest
from django import forms
from django.utils import translation
from django.utils.formats import date_format


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_read_and_print_day_first(language):
    class Form(forms.Form):
        day = forms.DateField()

    with translation.override(language):
        form = Form({"day": "05/04/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == dt.date(2026, 4, 5)
        assert Form({"day": "14/04/2027"}).is_valid()
        assert date_format(dt.date(2027, 4, 14), "SHORT_DATE_FORMAT") == "14/04/2027"
        assert date_format(dt.date(2027, 4, 14), "DATE_FORMAT") == "14/04/2027"
