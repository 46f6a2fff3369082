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
