"""The request form's "days per country" box (DAYS_PER_COUNTRY): "JP: 3, KR: 2" as typed, a
{"JP": 3, "KR": 2} mapping as stored. The service checks the numbers against the trip
(trips.policy.dates.validate_days_per_country); this only reads the text."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

_ENTRY = re.compile(r"^\s*([A-Za-z]{2})\s*[:=\s]\s*(\d{1,3})\s*$")


class DaysPerCountryField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Số ngày dự kiến ở từng quốc gia"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "Mã quốc gia (2 chữ cái) và số ngày, cách nhau bởi dấu phẩy, ví dụ: JP: 3, KR: 2."
            ),
        )
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dict):
            return ", ".join(f"{code}: {days}" for code, days in value.items())
        return value

    def to_python(self, value):
        text = super().to_python(value)
        days = {}
        for part in filter(str.strip, re.split(r"[,;\n]", text or "")):
            match = _ENTRY.match(part)
            if match is None:
                raise ValidationError(
                    _("Không đọc được “%(part)s”: hãy ghi mã quốc gia và số ngày, ví dụ JP: 3.")
                    % {"part": part.strip()}
                )
            code = match.group(1).upper()
            if code in days:
                raise ValidationError(_("%(code)s được ghi hai lần.") % {"code": code})
            days[code] = int(match.group(2))
        return days
