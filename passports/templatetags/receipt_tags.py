"""Lines of the hand-over record (biên bản giao nhận) that are not data as stored."""

import re

from django import template
from django.utils.translation import gettext as _

register = template.Library()

# "UBND tỉnh Bình Dương" → "Bình Dương": the place named in the place-and-date line.
_AUTHORITY = re.compile(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(tỉnh|thành phố)\s+", re.I)


@register.filter
def place_of(organisation_name: str) -> str:
    return _AUTHORITY.sub("", str(organisation_name)).strip()


@register.filter
def custodian_party(user) -> str:
    """The custodian's name and function, the function said once: a login named after the
    function itself ("Cán bộ quản lý hộ chiếu") is not followed by it again."""
    name = str(user) if user else ""
    function = _("cán bộ quản lý hộ chiếu")
    if not name:
        return function[:1].upper() + function[1:]
    if function.lower() in name.lower():
        return name
    return f"{name}, {function}"
