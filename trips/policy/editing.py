"""What the administrator may change in the app, and what a value must be (POLICY.md, additions
of 2026-12-06: "Changes of thresholds by the administrator").

A setting is a threshold (a whole number within its bounds), a word (config.CHOICES: a rule's
severity) or a rule's code (true: on, false: off). null returns it to the value of the environment or the profile.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.validators import is_number
from trips.policy.config import CHOICES, SWITCHES, PolicyConfig, defaults
from trips.policy.registry import CODES

# Bounds of a threshold; the others are from 1 to DEFAULT_BOUNDS' upper bound.
DEFAULT_BOUNDS = (1, 366)
BOUNDS = {
    "agency_absence_share_percent": (1, 100),
    "agency_absence_min_people": (1, 1000),
    "year_edge_days": (0, 60),
    "passport_validity_months": (0, 120),
}


def thresholds() -> list[str]:
    return [
        name
        for name, value in defaults().items()
        if name not in SWITCHES and isinstance(value, int)
    ]


def editable() -> list[str]:
    return [*CODES, *thresholds(), *(name for name in CHOICES if name in defaults())]


def current_value(config: PolicyConfig, setting: str):
    """The value of `setting` in `config`: a rule's switch as a boolean, a threshold as is."""
    if setting in CODES:
        return config.is_enabled(setting)
    return getattr(config, setting)


def clean_value(setting: str, value):
    """`value` as the setting's type, or a ValidationError naming the field (API: 400)."""
    if setting not in editable():
        raise ValidationError({"setting": _("Không có thiết lập %(name)s.") % {"name": setting}})
    if value is None:
        return None
    if setting in CODES:
        if not isinstance(value, bool):
            raise ValidationError({"value": _("Bật hoặc tắt quy định: true hoặc false.")})
        return value
    if setting in CHOICES:
        if value not in CHOICES[setting]:
            words = ", ".join(CHOICES[setting])
            raise ValidationError({"value": _("Hãy chọn một trong: %(words)s.") % {"words": words}})
        return value
    if isinstance(value, str) and is_number(value.strip()):
        value = int(value.strip())
    low, high = BOUNDS.get(setting, DEFAULT_BOUNDS)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(
            {
                "value": _("Hãy nhập một số nguyên từ %(low)s đến %(high)s.")
                % {"low": low, "high": high}
            }
        )
    return value
