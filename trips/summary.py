"""What a reviewer needs to know of each member's year, from the rules' own facts."""

import dataclasses

from trips.models import TripRequest
from trips.policy import PolicyConfig, load_facts
from trips.policy.facts import TripData
from trips.policy.rules import days_in_year


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
    for official in facts.members():
        mine = [t for t in facts.other_trips if t.official_id == official.id and t.is_counted]
        business = {
            t.trip_id
            for t in mine
            if t.kind == TripRequest.Kind.BUSINESS and t.departure_date.year == year
        }
        private_days = sum(
            facts.calendar.working_days_between(*span)
            for t in mine
            if t.kind == TripRequest.Kind.PRIVATE
            and (span := days_in_year(t.departure_date, t.return_date, year))
        )
        rows.append(
            MemberYear(
                official=official,
                is_head=official.id in heads,
                year=year,
                business_trips=len(business),
                business_limit=config.max_business_trips_per_year,
                private_working_days=private_days,
                leave_entitlement=official.leave_entitlement(year),
                overdue_reports=facts.overdue_reports.get(official.id, []),
            )
        )
    return rows
