"""Every state change of a trip request. Views, forms, the API and the admin call these.

Each service is one transaction: lock the rows it depends on, check the transition is
allowed, run the rules where POLICY.md says, save, write the history row, and queue the
notifications after commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Official
from core.calendar import nth_working_day_after
from trips import policy
from trips.exceptions import (
    DeparturePassed,
    JustificationMissing,
    JustificationNotApplicable,
    PolicyBlocked,
    ReasonRequired,
    TransitionNotAllowed,
    TripDatesInvalid,
)
from trips.models import TRIP_TRANSITIONS, TripMember, TripRequest, TripTransition
from trips.notifications import notify_transition
from trips.policy.dates import validate_trip_dates
from trips.policy.facts import MemberData, TripData, officials_and_their_leaders

Status = TripRequest.Status

# The fields of a request that its authors edit (everything else belongs to the services).
EDITABLE_FIELDS = [
    "kind",
    "title",
    "purpose",
    "countries",
    "departure_date",
    "return_date",
    "inviter",
    "organiser_type",
    "funded_by_enterprise",
    "named_invitation_by_foreign_enterprise",
    "involves_commitment",
    "mandate_reference",
    "estimated_cost_vnd",
    "plan_line",
    "justifications",
]


# --- checks shared by the services ------------------------------------------------------


def _require_staff_of(actor, agency_id):
    if not (actor.is_agency_staff and actor.agency_id == agency_id):
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan lập hồ sơ mới được thực hiện."))


def _require_reviewer_for(actor, trip):
    if not actor.is_reviewer:
        raise PermissionDenied(_("Chỉ chuyên viên thẩm định của Sở Nội vụ mới được quyết định."))
    if trip.created_by_id == actor.pk:
        raise PermissionDenied(_("Không được tự quyết định hồ sơ do mình lập."))
    if trip.members.filter(official__user_id=actor.pk).exists():
        raise PermissionDenied(_("Không được quyết định hồ sơ mà mình là thành viên."))


def _require_transition(trip, target):
    if target not in TRIP_TRANSITIONS[Status(trip.status)]:
        raise TransitionNotAllowed(trip, target)


def _require_reason(reason):
    if not (reason or "").strip():
        raise ReasonRequired()
    return reason.strip()


def _locked(trip) -> TripRequest:
    return TripRequest.objects.select_for_update().get(pk=trip.pk)


def _record(trip, *, from_status, actor, note="", findings=None, config=None):
    transition = TripTransition.objects.create(
        trip=trip,
        from_status=from_status,
        to_status=trip.status,
        actor=actor,
        note=note,
        findings=findings or [],
        justifications=trip.justifications if findings is not None else {},
        policy=config.snapshot() if config else {},
    )
    notify_transition(trip, transition)


def validate_members(*, kind, agency_id, members: list[MemberData]):
    """The shape of a delegation: at least one member, all of the agency, one head."""
    errors = []
    ids = [m.official_id for m in members]
    if not members:
        errors.append(_("Hồ sơ phải có ít nhất một người."))
    if len(set(ids)) != len(ids):
        errors.append(_("Một người chỉ được ghi một lần trong đoàn."))
    if kind == TripRequest.Kind.PRIVATE and len(members) > 1:
        errors.append(_("Hồ sơ đi việc riêng chỉ gồm một người."))
    if kind == TripRequest.Kind.BUSINESS and members and sum(m.is_head for m in members) != 1:
        errors.append(_("Đoàn công tác phải có đúng một trưởng đoàn."))
    known = set(
        Official.objects.filter(id__in=ids, agency_id=agency_id, is_active=True).values_list(
            "id", flat=True
        )
    )
    if set(ids) - known:
        errors.append(_("Thành viên phải là cán bộ đang công tác của cơ quan lập hồ sơ."))
    if errors:
        raise ValidationError({"members": errors})


def findings_of(trip: TripRequest, *, config=None, today=None):
    try:
        return policy.check(TripData.from_trip(trip), config=config, today=today)
    except ValidationError as invalid:  # only a request saved before the dates were checked
        raise TripDatesInvalid(invalid) from invalid


def _store_findings(trip, findings):
    trip.findings = [f.as_dict() for f in findings]
    codes = sorted({f.code for f in findings})
    trip.finding_codes = f",{','.join(codes)}," if codes else ""


def _require_before_departure(trip, today=None):
    """No decision once the departure date has passed (POLICY.md, Timing): such a trip
    becomes approved only through `trip_record_past`."""
    if trip.departure_date < (today or timezone.localdate()):
        raise DeparturePassed(trip)


def _keep_justifications(trip, findings, *, refuse_others=False):
    """Justifications are kept only for the warnings the request has (POLICY.md): a key the
    caller sent for anything else is refused; one left over from earlier facts is dropped."""
    warnings = {f.code for f in findings if not f.is_block}
    others = set(trip.justifications) - warnings
    if others and refuse_others:
        raise JustificationNotApplicable(others)
    trip.justifications = {
        code: text for code, text in trip.justifications.items() if code in warnings
    }


def _save_members(trip, members):
    trip.members.all().delete()
    TripMember.objects.bulk_create(
        TripMember(trip=trip, official_id=m.official_id, is_head=m.is_head) for m in members
    )


def _lone_traveller_heads(members):
    if len(members) == 1:  # a lone traveller heads their own trip
        return [MemberData(members[0].official_id, True)]
    return members


def _check_plan_line(trip):
    if trip.plan_line is not None and trip.plan_line.plan.agency_id != trip.agency_id:
        raise ValidationError({"plan_line": _("Nội dung kế hoạch không thuộc cơ quan này.")})


# --- drafts -----------------------------------------------------------------------------


def trip_save_draft(
    *, actor, fields: dict, members: list[MemberData], trip: TripRequest | None = None
) -> TripRequest:
    """Create or edit a draft (or a returned request). Saved whatever its findings, so that
    nobody loses work; the findings are stored with it for the form to show."""
    with transaction.atomic():
        if trip is None:
            trip = TripRequest(agency_id=actor.agency_id, created_by=actor)
            _require_staff_of(actor, trip.agency_id)
            created = True
        else:
            trip = _locked(trip)
            _require_staff_of(actor, trip.agency_id)
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
        trip.save()
        _save_members(trip, members)
        findings = findings_of(trip)
        _keep_justifications(trip, findings, refuse_others="justifications" in fields)
        _store_findings(trip, findings)
        trip.save(update_fields=["findings", "finding_codes", "justifications"])
        if created:
            _record(trip, from_status="", actor=actor)
    return trip


# --- transitions ------------------------------------------------------------------------


def trip_submit(*, trip: TripRequest, actor) -> TripRequest:
    """Draft or returned → submitted. Refused on any `block` finding, and on any `warn`
    finding without a justification (POLICY.md)."""
    with transaction.atomic():
        trip = _locked(trip)
        _require_staff_of(actor, trip.agency_id)
        _require_transition(trip, Status.SUBMITTED)
        config = policy.PolicyConfig.from_settings()
        findings = findings_of(trip, config=config)
        if any(f.is_block for f in findings):
            raise PolicyBlocked(findings)
        _keep_justifications(trip, findings)
        missing = [
            f.code for f in findings if not f.is_block and not trip.justifications.get(f.code)
        ]
        if missing:
            raise JustificationMissing(findings, missing)
        from_status = trip.status
        trip.status = Status.SUBMITTED
        trip.submitted_at = timezone.now()
        _store_findings(trip, findings)
        trip.save(
            update_fields=[
                "status", "submitted_at", "findings", "finding_codes", "justifications",
                "updated_at",
            ]
        )  # fmt: skip
        _record(trip, from_status=from_status, actor=actor, findings=trip.findings, config=config)
        from documents.services import issue_proposal  # documents sit above trips

        issue_proposal(trip, actor)
    return trip


def _lock_officials_for(trip):
    """Lock, in id order, the members and every key leader of a key-leader member's agency,
    so that concurrent approvals touching the same quota or the same agency's leaders queue
    up instead of both passing the check (POLICY.md L5, L6)."""
    # One query, index lookups only (see officials_and_their_leaders).
    people = officials_and_their_leaders(trip.members.values("official_id"), fields=["id"])
    list(
        Official.objects.select_for_update()
        .filter(id__in=people)
        .order_by("id")
        .values_list("id", flat=True)
    )


def trip_approve(*, trip: TripRequest, actor, note: str = "") -> TripRequest:
    """Submitted → approved, before the departure date. The rules run again inside this
    transaction, after the members' rows are locked: facts change while a request waits."""
    with transaction.atomic():
        trip = _locked(trip)
        _require_reviewer_for(actor, trip)
        _require_transition(trip, Status.APPROVED)
        _require_before_departure(trip)
        _lock_officials_for(trip)
        config = policy.PolicyConfig.from_settings()
        findings = findings_of(trip, config=config)
        if any(f.is_block for f in findings):
            raise PolicyBlocked(findings)
        _keep_justifications(trip, findings)
        trip.status = Status.APPROVED
        trip.decided_at = timezone.now()
        _store_findings(trip, findings)
        if trip.kind == TripRequest.Kind.BUSINESS:
            trip.report_due_on = nth_working_day_after(
                trip.return_date, config.report_due_working_days
            )
        trip.save()
        _record(
            trip,
            from_status=Status.SUBMITTED,
            actor=actor,
            note=note.strip(),
            findings=trip.findings,
            config=config,
        )
        from documents.services import issue_decision  # documents sit above trips

        issue_decision(trip, actor)
    return trip


def _decide_against(trip, actor, reason, target) -> TripRequest:
    with transaction.atomic():
        trip = _locked(trip)
        _require_reviewer_for(actor, trip)
        _require_transition(trip, target)
        reason = _require_reason(reason)
        config = policy.PolicyConfig.from_settings()
        trip.status = target
        trip.decided_at = timezone.now()
        trip.save(update_fields=["status", "decided_at", "updated_at"])
        _record(
            trip,
            from_status=Status.SUBMITTED,
            actor=actor,
            note=reason,
            findings=trip.findings,
            config=config,
        )
    return trip


def trip_reject(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Submitted → rejected, with the reviewer's reason on record."""
    return _decide_against(trip, actor, reason, Status.REJECTED)


def trip_return(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Submitted → returned for changes; the staff edit it and submit it again."""
    return _decide_against(trip, actor, reason, Status.RETURNED)


def trip_withdraw(*, trip: TripRequest, actor, reason: str = "") -> TripRequest:
    """Draft, returned or submitted → withdrawn, by the agency, before any decision."""
    with transaction.atomic():
        trip = _locked(trip)
        _require_staff_of(actor, trip.agency_id)
        _require_transition(trip, Status.WITHDRAWN)
        from_status = trip.status
        trip.status = Status.WITHDRAWN
        trip.save(update_fields=["status", "updated_at"])
        _record(trip, from_status=from_status, actor=actor, note=(reason or "").strip())
    return trip


def trip_cancel(*, trip: TripRequest, actor, reason: str) -> TripRequest:
    """Approved → cancelled, by the agency, with a reason. The trip no longer counts."""
    with transaction.atomic():
        trip = _locked(trip)
        _require_staff_of(actor, trip.agency_id)
        _require_transition(trip, Status.CANCELLED)
        reason = _require_reason(reason)
        trip.status = Status.CANCELLED
        trip.report_due_on = None
        trip.save(update_fields=["status", "report_due_on", "updated_at"])
        _record(trip, from_status=Status.APPROVED, actor=actor, note=reason)
    return trip


def trip_complete(*, trip: TripRequest, actor=None, today=None) -> TripRequest | None:
    """Approved → completed once the return date has passed (the daily sweep, or staff).
    Returns None when there is nothing to do, so that running it twice is harmless."""
    today = today or timezone.localdate()
    with transaction.atomic():
        trip = _locked(trip)
        if trip.status != Status.APPROVED or trip.return_date >= today:
            return None
        trip.status = Status.COMPLETED
        trip.save(update_fields=["status", "updated_at"])
        _record(trip, from_status=Status.APPROVED, actor=actor, note=_("Đoàn đã về nước."))
    return trip


# --- trips decided before the system was used --------------------------------------------

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
        raise PermissionDenied(
            _("Chỉ quản trị hệ thống mới được ghi nhận chuyến đi đã quyết định.")
        )
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
            from reports.services import report_open  # reports sits above trips

            report_open(trip=trip, actor=actor)
        # No notification: nothing happens, a past decision is put on record.
        TripTransition.objects.create(
            trip=trip,
            from_status="",
            to_status=trip.status,
            actor=actor,
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
            findings=trip.findings,
            policy=config.snapshot(),
        )
    return trip
