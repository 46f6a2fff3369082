"""Trips decided before the system was used, recorded by an administrator."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import signals
from core.calendar import nth_working_day_after
from core.errors import NotAllowed
from core.workflow import record_created
from trips import policy
from trips.models import TripRequest
from trips.policy.dates import validate_trip_dates
from trips.policy.facts import MemberData
from trips.services.common import (
    EDITABLE_FIELDS,
    Status,
    _check_plan_line,
    _lone_traveller_heads,
    _save_members,
    _store_findings,
    findings_of,
    validate_members,
)

RECORDED_STATUSES = (Status.APPROVED, Status.COMPLETED)


def _validate_past_decision(*, trip, status, decision_number, decided_on, decided_by, today):
    errors = {}
    if status not in RECORDED_STATUSES:
        errors["status"] = _("Chỉ ghi nhận chuyến đi đã được phê duyệt hoặc đã về nước.")
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Phải ghi số quyết định.")
    if not (decided_by or "").strip():
        errors["decided_by"] = _("Phải ghi người ký quyết định.")
    if decided_on is None:
        errors["decided_on"] = _("Phải ghi ngày quyết định.")
    elif decided_on > min(today, trip.departure_date):
        errors["decided_on"] = _(
            "Ngày quyết định không được sau ngày xuất cảnh hay sau ngày hôm nay."
        )
    if trip.departure_date >= today:
        errors["departure_date"] = _(
            "Chuyến đi chưa khởi hành: hãy lập hồ sơ và trình duyệt theo quy trình."
        )
    elif status == Status.COMPLETED and trip.return_date >= today:
        errors["status"] = _("Đoàn chưa về nước: chỉ ghi nhận là đã được phê duyệt.")
    if errors:
        raise ValidationError(errors)


def _check_past_plan_line(trip):
    """A line of the agency's approved plan for the year the trip left (as a live request's
    line; a superseded plan's trips move to its revision's lines)."""
    line = trip.plan_line
    if line is None:
        return
    if line.plan.year != trip.departure_date.year or line.plan.status != line.plan.Status.APPROVED:
        raise ValidationError(
            {"plan_line": _("Nội dung kế hoạch không thuộc kế hoạch đã được duyệt của năm đi.")}
        )


def trip_record_past(
    *,
    actor,
    fields: dict,
    members: list[MemberData],
    decision_number: str,
    decided_on: dt.date,
    decided_by: str,
    status: str = Status.APPROVED,
    today: dt.date | None = None,
) -> TripRequest:
    """A trip decided outside the system before it was used (API.md, `trips/record-past/`),
    recorded by an administrator: approved or completed at once, counted by every rule from
    then on, with its own history row. The only way a trip whose departure has passed becomes
    approved. The rules do not stop it (the decision was taken); their findings are stored
    for whoever reads it. `fields` are the editable fields plus `agency`."""
    if not actor.is_administrator:
        raise NotAllowed(_("Chỉ quản trị hệ thống mới được ghi nhận chuyến đi đã quyết định."))
    today = today or timezone.localdate()
    with transaction.atomic():
        agency = fields.get("agency")
        trip = TripRequest(agency_id=getattr(agency, "pk", agency), created_by=actor)
        for name in EDITABLE_FIELDS:
            if name in fields and name != "justifications":
                setattr(trip, name, fields[name])
        members = _lone_traveller_heads(members)
        trip.full_clean(exclude=["created_by", "plan_line"])
        validate_trip_dates(trip.departure_date, trip.return_date)
        validate_members(kind=trip.kind, agency_id=trip.agency_id, members=members)
        _check_plan_line(trip)
        _check_past_plan_line(trip)
        _validate_past_decision(
            trip=trip,
            status=status,
            decision_number=decision_number,
            decided_on=decided_on,
            decided_by=decided_by,
            today=today,
        )
        config = policy.PolicyConfig.from_settings()
        trip.status = status
        trip.decided_at = timezone.make_aware(dt.datetime.combine(decided_on, dt.time(12)))
        # It was submitted on paper by then at the latest; reviewers see it like any other.
        trip.submitted_at = trip.decided_at
        if trip.kind == TripRequest.Kind.BUSINESS:
            trip.report_due_on = nth_working_day_after(
                trip.return_date, config.report_due_working_days
            )
        trip.save()
        _save_members(trip, members)
        _store_findings(trip, findings_of(trip, config=config, today=today))
        trip.save(update_fields=["findings", "finding_codes"])
        if trip.status == Status.COMPLETED and trip.report_due_on:
            # Back already: its report is owed like any other (the sweep opens it for trips that
            # return later), so that reminders and the reviewers' dashboard know of it.
            signals.trip_completed.send(sender=TripRequest, trip=trip, actor=actor)
        # No notification: nothing happens, a past decision is put on record.
        record_created(
            trip,
            actor,
            notify=False,
            note=_(
                "Ghi nhận sau khi đã quyết định, do %(actor)s ghi nhận: quyết định số %(number)s "
                "ngày %(date)s, người ký %(signer)s."
            )
            % {
                "actor": actor.get_full_name() or actor.get_username(),
                "number": decision_number.strip(),
                "date": decided_on.strftime("%d/%m/%Y"),
                "signer": decided_by.strip(),
            },
            snapshot={"findings": trip.findings, "policy": config.snapshot()},
        )
    return trip
