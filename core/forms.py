"""Form fields that read input the way Vietnamese civil servants write it."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.validators import is_number

# Day first, always: Django's `vi` locale has no input formats of its own.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_VND = 9_000_000_000_000_000


class VietnameseDateField(forms.DateField):
    widget = forms.DateInput(
        format="%d/%m/%Y",
        attrs={"placeholder": "dd/mm/yyyy", "data-datepicker": "", "autocomplete": "off"},
    )

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "error_messages",
            {"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/04/2027.")},
        )
        super().__init__(**kwargs)


class VndField(forms.CharField):
    """An amount in đồng typed as people write it: 250.000.000, 250 000 000 đ, 250000000."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "data-vnd": ""})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        digits = re.sub(r"[\s.]|đ|₫|vnđ|vnd", "", value.strip().lower())
        if not is_number(digits):
            raise forms.ValidationError(
                _("Nhập số tiền bằng đồng, số nguyên không âm, ví dụ 250.000.000."),
                code="invalid",
            )
        amount = int(digits)
        if amount > MAX_VND:
            raise forms.ValidationError(_("Số tiền quá lớn."), code="max_value")
        return amount

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


def style_for_bootstrap(form):
    """Give each widget the Bootstrap class that fits it (templates stay plain)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
