"""What a request's dates must be before any rule looks at them (POLICY.md, "Timing").

A trip longer than `POLICY_MAX_TRIP_SPAN_DAYS` calendar days is a typing error, not a request
the rules should weigh: it is refused as invalid input, whatever the optional TRIP_TOO_LONG
rule says. Shared by the rules module's check, the services, the form and the API.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trips.policy.config import PolicyConfig


def validate_trip_dates(
    departure_date: dt.date, return_date: dt.date, *, config: PolicyConfig | None = None
) -> None:
    """Raise a ValidationError on `return_date` when the dates cannot be a trip."""
    if return_date < departure_date:
        raise ValidationError({"return_date": _("Ngày về không được trước ngày đi.")})
    limit = (config or PolicyConfig.from_settings()).max_trip_span_days
    days = (return_date - departure_date).days + 1
    if days > limit:
        raise ValidationError(
            {
                "return_date": _(
                    "Từ ngày đi đến ngày về là %(days)s ngày, quá %(limit)s ngày của một "
                    "chuyến đi: hãy kiểm tra lại ngày đi và ngày về."
                )
                % {"days": days, "limit": limit}
            }
        )


def validate_days_per_country(days, *, countries, departure_date, return_date) -> None:
    """The days a request states per country (DAYS_PER_COUNTRY, POLICY.md additions of
    2026-12-06): each a whole number of at least 1, for one of its countries, their sum at most
    the trip's days (departure and return included). A ValidationError on `days_per_country`."""
    if not days:
        return
    codes = {str(code) for code in countries or []}
    if not isinstance(days, dict):
        raise ValidationError({"days_per_country": _("Số ngày ở từng quốc gia không hợp lệ.")})
    errors = []
    others = sorted(str(code) for code in days if str(code) not in codes)
    if others:
        errors.append(
            _("%(codes)s không có trong danh sách quốc gia đến.") % {"codes": ", ".join(others)}
        )
    wrong = sorted(
        str(code)
        for code, n in days.items()
        if isinstance(n, bool) or not isinstance(n, int) or n < 1
    )
    if wrong:
        errors.append(
            _("Số ngày ở %(codes)s phải là số nguyên từ 1 trở lên.") % {"codes": ", ".join(wrong)}
        )
    trip_days = (return_date - departure_date).days + 1
    if not errors and sum(days.values()) > trip_days:
        errors.append(
            _("Tổng số ngày ở các quốc gia (%(sum)s) vượt quá số ngày của chuyến đi (%(days)s).")
            % {"sum": sum(days.values()), "days": trip_days}
        )
    if errors:
        raise ValidationError({"days_per_country": errors})
