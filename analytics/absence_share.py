"""Days on which an agency had more of its officials abroad than its share (AGENCY_ABSENCE_SHARE,
L8 and L9), for the statistics page. Kept apart from statistics.py: it counts by the rule's own
functions (trips/policy/absence.py), so the page and the warning always agree."""

import dataclasses
import datetime as dt

from django.utils import timezone

from agencies.models import Agency
from trips.policy import PolicyConfig
from trips.policy.absence import agency_days_over_share


@dataclasses.dataclass
class AgencyOverShare:
    agency: str
    days: list[dt.date]


def agencies_over_share(start, end, *, agency_id=None, config=None) -> list[AgencyOverShare]:
    """Every agency in scope (one, or all) with its days over the share from `start` to `end`:
    two queries (the agencies' ids, their head counts and absences) whatever the period."""
    config = config or PolicyConfig.from_settings()
    if not config.is_enabled("AGENCY_ABSENCE_SHARE"):
        return []
    ids = [agency_id] if agency_id else list(Agency.objects.values_list("id", flat=True))
    today = timezone.localdate()
    over = agency_days_over_share(ids, start, end, config=config, today=today)
    return sorted(
        (AgencyOverShare(name, days) for name, days in over.values()), key=lambda row: row.agency
    )
