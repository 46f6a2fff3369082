"""Creating and editing a request before it is submitted (or once it is returned)."""

from __future__ import annotations

from django.db import transaction

from core.errors import NotAllowed
from core.workflow import record_created, require_may
from trips.exceptions import TransitionNotAllowed
from trips.models import TripRequest
from trips.policy.dates import validate_days_per_country, validate_trip_dates
from trips.policy.facts import MemberData
from trips.services.common import (
    EDITABLE_FIELDS,
    STAFF_ONLY,
    Status,
    _check_plan_line,
    _keep_justifications,
    _locked,
    _lone_traveller_heads,
    _save_members,
    _store_findings,
    findings_of,
    validate_members,
)

# --- drafts -----------------------------------------------------------------------------


def trip_save_draft(
    *, actor, fields: dict, members: list[MemberData], trip: TripRequest | None = None
) -> TripRequest:
    """Create or edit a draft (or a returned request). Saved whatever its findings, so that
    nobody loses work; the findings are stored with it for the form to show."""
    with transaction.atomic():
        if trip is None:
            if not actor.is_agency_staff:  # a new request is its author's agency's
                raise NotAllowed(STAFF_ONLY)
            trip = TripRequest(agency_id=actor.agency_id, created_by=actor)
            created = True
        else:
            trip = _locked(trip)
            require_may(actor, trip, "submit", STAFF_ONLY)  # who submits it edits it
            if not trip.is_editable:
                raise TransitionNotAllowed(trip, Status.DRAFT)
            created = False
        for name in EDITABLE_FIELDS:
            if name in fields:
                setattr(trip, name, fields[name])
        trip.justifications = {
            code: text.strip()
            for code, text in (trip.justifications or {}).items()
            if text and text.strip()
        }
        members = _lone_traveller_heads(members)
        validate_members(kind=trip.kind, agency_id=trip.agency_id, members=members)
        _check_plan_line(trip)
        trip.full_clean(exclude=["agency", "created_by", "plan_line"])
        validate_trip_dates(trip.departure_date, trip.return_date)
        if trip.kind == TripRequest.Kind.PRIVATE:
            trip.days_per_country = {}  # asked of business trips only
        validate_days_per_country(
            trip.days_per_country,
            countries=trip.countries,
            departure_date=trip.departure_date,
            return_date=trip.return_date,
        )
        trip.save()
        _save_members(trip, members)
        findings = findings_of(trip)
        _keep_justifications(trip, findings, refuse_others="justifications" in fields)
        _store_findings(trip, findings)
        trip.save(update_fields=["findings", "finding_codes", "justifications"])
        if created:
            record_created(trip, actor)
    return trip
