"""What the trip services share: the checks, the findings, the members."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Official
from core import signals
from core.workflow.move import locked_here
from trips import policy
from trips.exceptions import (
    DeparturePassed,
    IncompleteRequest,
    JustificationNotApplicable,
    ReasonRequired,
    TripDatesInvalid,
)
from trips.locked import LockedTrips
from trips.models import TripMember, TripRequest
from trips.policy.facts import MemberData, TripData

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
    "days_per_country",
    "justifications",
]


# --- checks shared by the services ------------------------------------------------------


# Who may is the transition table's answer (core.workflow.may, require_may); this is its
# message when the agency's staff are the only ones.
STAFF_ONLY = gettext_lazy("Chỉ cán bộ của cơ quan lập hồ sơ mới được thực hiện.")


def _require_reason(reason):
    if not (reason or "").strip():
        raise ReasonRequired()
    return reason.strip()


def _locked(trip) -> TripRequest:
    # The agency comes with the row (every move's notice and document names it), and only
    # the request's row is locked, not its agency's. Read locked already in this move (an API
    # action, which checked who may on it): as is.
    if locked_here(trip):
        return trip
    return locked_rows(TripRequest.objects).get(pk=trip.pk)


def locked_rows(rows):
    """`rows` (trips) read as a move locks them: FOR UPDATE of the request's row only, its
    agency with it (the columns by hand: trips.locked)."""
    rows = rows.select_related("agency").select_for_update(of=("self",))
    rows.__class__ = LockedTrips  # every clone of it (get(), filter()) is one too
    return rows


def snapshot(trip, config):
    """What a decision rests on, kept on its history row: the findings, the justifications
    and the policy in force."""
    return {
        "findings": trip.findings,
        "justifications": trip.justifications,
        "policy": config.snapshot(),
    }


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


def require_complete(trip: TripRequest, *, today=None) -> None:
    """What a submission needs beyond the rules: members still serving in the agency (one who
    left since the draft was saved is out), and for a business trip a purpose and a cost."""
    today = today or timezone.localdate()
    members = trip.members_read()  # the submission reads them once, with their officials
    if members is not None:
        officials = [m.official for m in members]
        counted = {
            "members": len(officials),
            "serving": sum(
                o.agency_id == trip.agency_id
                and o.is_active
                and not (o.left_on is not None and o.left_on <= today)
                for o in officials
            ),
        }
    else:
        # One query: the members, and those still serving (an official is a member once).
        serving = Q(official__agency_id=trip.agency_id, official__is_active=True) & ~Q(
            official__left_on__lte=today
        )
        counted = trip.members.aggregate(members=Count("id"), serving=Count("id", filter=serving))
    if not counted["members"] or counted["serving"] != counted["members"]:
        raise IncompleteRequest(
            "members", _("Thành viên phải là cán bộ đang công tác của cơ quan lập hồ sơ.")
        )
    if trip.kind != TripRequest.Kind.BUSINESS:
        return
    _require_days_per_country(trip)
    if not (trip.purpose or "").strip():
        raise IncompleteRequest("purpose", _("Hãy ghi mục đích chuyến công tác trước khi trình."))
    if not trip.estimated_cost_vnd:
        raise IncompleteRequest(
            "estimated_cost_vnd",
            _("Hãy ghi dự toán kinh phí (lớn hơn 0 đồng) trước khi trình."),
        )


def _require_days_per_country(trip) -> None:
    """With DAYS_PER_COUNTRY on, a business request states the days in each of its countries."""
    # In a move the policy's settings are the move's own read (core.move_cache): no round trip.
    if not policy.PolicyConfig.from_settings().is_enabled("DAYS_PER_COUNTRY"):
        return
    missing = [str(c) for c in trip.countries if str(c) not in (trip.days_per_country or {})]
    if missing:
        raise IncompleteRequest(
            "days_per_country",
            _("Hãy ghi số ngày dự kiến ở từng quốc gia (còn thiếu: %(codes)s) trước khi trình.")
            % {"codes": ", ".join(missing)},
        )


def findings_of(trip: TripRequest, *, config=None, today=None, lock=False):
    try:
        return policy.check(TripData.from_trip(trip), config=config, today=today, lock=lock)
    except ValidationError as invalid:  # only a request saved before the dates were checked
        raise TripDatesInvalid(invalid) from invalid


def _store_findings(trip, findings):
    trip.findings = [f.stored() for f in findings]  # with their source: read in any language
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
    signals.members_replaced.send(sender=TripRequest, trip=trip)


def _lone_traveller_heads(members):
    if len(members) == 1:  # a lone traveller heads their own trip
        return [MemberData(members[0].official_id, True)]
    return members


def _check_plan_line(trip):
    if trip.plan_line is not None and trip.plan_line.plan.agency_id != trip.agency_id:
        raise ValidationError({"plan_line": _("Nội dung kế hoạch không thuộc cơ quan này.")})
