"""The filter bar's selects, cheap to render however long the province's lists grow (issue 17).

Django renders every <option> through its own template: the 250 countries alone cost tens of
milliseconds a page. `PlainSelect` writes the same HTML in Python; `SearchSelect` (core.widgets)
sends only the chosen value and lets the browser ask for the rest as the person types.
"""

import functools

from django import forms
from django.forms.utils import flatatt
from django.urls import reverse_lazy
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django_countries import countries

from core.widgets import SearchSelect


class PlainSelect(forms.Select):
    """A single select of fixed, flat choices whose options are written once per language and
    process, not through a template each: `key` names the list in that cache, so give each
    list its own."""

    def __init__(self, *, key, attrs=None):
        super().__init__(attrs)
        self.key = key

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        options = _options(self.key, get_language() or "", self.choices)
        chosen = next(iter(self.format_value(value)), "")
        mark = f'<option value="{escape(chosen)}">'
        options = options.replace(mark, mark[:-1] + " selected>", 1)
        return format_html("<select{}>{}</select>", flatatt(final_attrs), mark_safe(options))


_options_cache: dict[tuple[str, str], str] = {}


def _options(key: str, language: str, choices) -> str:
    """The <option>s of `choices` in `language`, none selected, escaped once."""
    if (key, language) not in _options_cache:
        _options_cache[key, language] = "".join(
            f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in choices
        )
    return _options_cache[key, language]


@functools.cache
def _country_choices(language: str) -> list[tuple[str, str]]:
    return [(country.code, country.name) for country in countries]


def country_choices() -> list[tuple[str, str]]:
    """Every country, named in the page's language, listed once per language and process:
    django-countries translates and sorts the 250 names on every pass."""
    return _country_choices(get_language() or "")


def official_label(official) -> str:
    # As the search answers (trips.views.officials_search): namesakes told apart.
    return f"{official.full_name} ({official.agency.name})"


class OfficialSearchSelect(SearchSelect):
    """The province's officials (tens of thousands), looked up as the user types."""

    def __init__(self, attrs=None):
        super().__init__(
            search_url=reverse_lazy("trips:officials"),
            label=official_label,
            related=["agency"],
            attrs=attrs,
        )
