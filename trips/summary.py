"""What a reviewer needs to know of each member's year, from the rules' own facts and their
own count of the year (trips/usage.py)."""

import dataclasses

from trips.models import TripRequest
from trips.policy import PolicyConfig, load_facts
from trips.policy.facts import TripData
from trips.usage import YearUsage


@dataclasses.dataclass
class MemberYear:
    official: object
    is_head: bool
    year: int
    business_trips: int  # approved or completed, departing that year, this one excluded
    business_limit: int
    private_working_days: int  # abroad on approved private trips that year
    leave_entitlement: int
    overdue_reports: list


def member_year_summaries(trip: TripRequest) -> list[MemberYear]:
    config = PolicyConfig.from_settings()
    facts = load_facts(TripData.from_trip(trip), config=config)
    year = trip.departure_date.year
    heads = {m.official_id for m in trip.members.all() if m.is_head}
    rows = []
    usage = facts.usage(year)
    for official in facts.members():
        used = usage.get(official.id, YearUsage())
        rows.append(
            MemberYear(
                official=official,
                is_head=official.id in heads,
                year=year,
                business_trips=used.business_trips,
                business_limit=config.max_business_trips_per_year,
                private_working_days=used.private_working_days,
                leave_entitlement=official.leave_entitlement(year),
                overdue_reports=facts.overdue_reports.get(official.id, []),
            )
        )
    return rows
