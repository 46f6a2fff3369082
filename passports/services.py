"""Every movement of a passport: one transaction, the passport row locked, one log row.

Law 49/2019/QH14 on exit and entry: a diplomatic or official passport is handed to its holder
only for a trip covered by a sending decision and comes back within 5 working days of return
(Art. 23–25); the agency applies the same to the ordinary passports it keeps.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.calendar import nth_working_day_after
from core.errors import NotAllowed
from core.workflow import keeper, record_created, require_may, require_move, transition
from passports import fitness
from passports.exceptions import CustodyError, not_in_status
from passports.models import CustodyEvent, Handout, Passport
from trips.models import TripRequest
from trips.policy import PolicyConfig

Status, Action = Passport.Status, CustodyEvent.Action
EDITABLE_FIELDS = ["official", "kind", "number", "issued_on", "expires_on", "storage_location"]


KEEPERS_ONLY = gettext_lazy("Chỉ cán bộ quản lý hộ chiếu mới được thực hiện.")


def require_keeper(actor, passport=None, action=None):
    """The register's keepers (core.workflow.keeper); with a passport and an action, the
    answer of the passport's transition table (core.workflow.require_may)."""
    if passport is not None and action is not None:
        require_may(actor, passport, action, KEEPERS_ONLY)
    elif not keeper(actor):
        raise NotAllowed(KEEPERS_ONLY)


def _locked(passport) -> Passport:
    return Passport.objects.select_for_update().select_related("official").get(pk=passport.pk)


def _log(passport, action, actor, **fields) -> CustodyEvent:
    """A log row that moves no status (taken into custody, a correction)."""
    return CustodyEvent.objects.create(passport=passport, action=action, actor=actor, **fields)


def _move(passport, action, actor, *, note="", update_fields=(), **logged) -> CustodyEvent:
    """A status move through the passport's transition table; `logged`: the custody log's
    own fields (trip, counterpart, due date, lateness)."""
    return transition(
        passport, action, actor, note=note, snapshot=logged, update_fields=list(update_fields)
    )


def passport_register(*, actor, fields: dict) -> Passport:
    """A passport taken into the agency's custody."""
    require_keeper(actor)
    with transaction.atomic():
        passport = Passport(**{name: fields[name] for name in EDITABLE_FIELDS if name in fields})
        passport.status = Status.IN_CUSTODY  # the table's one initial status
        passport.full_clean()
        passport.save()
        record_created(passport, actor, action=Action.REGISTERED, note=fields.get("note", ""))
    return passport


def passport_edit(*, passport, actor, fields: dict) -> Passport:
    """Correct the register; the log says which fields changed, from what to what."""
    require_keeper(actor)
    with transaction.atomic():
        passport = _locked(passport)
        changes = []
        for name in EDITABLE_FIELDS:
            if name in fields and getattr(passport, name) != fields[name]:
                changes.append(
                    f"{Passport._meta.get_field(name).verbose_name}: {getattr(passport, name)} → {fields[name]}"
                )
                setattr(passport, name, fields[name])
        if not changes:
            return passport
        passport.full_clean()
        passport.save()
        _log(passport, Action.EDITED, actor, note="; ".join(changes))
    return passport


def hand_back_deadline(trip) -> dt.date:
    """5 working days after the return (Art. 23.3), on the shared calendar."""
    days = PolicyConfig.from_settings().passport_return_working_days
    return nth_working_day_after(trip.return_date, days)


def passport_hand_out(*, passport, actor, trip, received_by, on_date=None, note="") -> Handout:
    """Give the passport to its holder for an approved trip it fits. The trip's row is
    locked as well as the passport's, so that a cancellation cannot land between the check
    that the trip is approved and the hand-out (issue 12)."""
    require_keeper(actor, passport, Action.HANDED_OUT)
    on_date = on_date or timezone.localdate()
    with transaction.atomic():
        passport = _locked(passport)
        if passport.status != Status.IN_CUSTODY:
            raise not_in_status(passport, Status.IN_CUSTODY.label)
        trip = TripRequest.objects.select_for_update().get(pk=trip.pk)
        if trip.status != TripRequest.Status.APPROVED:
            raise CustodyError(_("Chỉ giao hộ chiếu cho chuyến đi đã được phê duyệt."))
        if not trip.members.filter(official_id=passport.official_id).exists():
            raise CustodyError(_("Người mang hộ chiếu không phải thành viên của chuyến đi này."))
        config = PolicyConfig.from_settings()
        kinds = fitness.required_kinds(
            is_business=trip.kind == TripRequest.Kind.BUSINESS,
            passports=passport.official.passports.all(),
        )
        if passport.kind not in kinds:
            raise CustodyError(
                _("Chuyến đi này cần %(kinds)s, không dùng %(kind)s.")
                % {
                    "kinds": " / ".join(str(Passport.Kind(k).label).lower() for k in sorted(kinds)),
                    "kind": passport.get_kind_display().lower(),
                }
            )
        until = fitness.valid_until(trip.return_date, config.passport_validity_months)
        if passport.expires_on < until:
            raise CustodyError(
                _("Hộ chiếu phải còn hạn đến ít nhất %(until)s (%(months)s tháng sau ngày về).")
                % {"until": until.strftime("%d/%m/%Y"), "months": config.passport_validity_months}
            )
        if not (received_by or "").strip():
            raise CustodyError(_("Phải ghi người nhận hộ chiếu."))
        handout = Handout(
            passport=passport,
            trip=trip,
            handed_out_on=on_date,
            received_by=received_by.strip(),
            due_back_on=hand_back_deadline(trip),
        )
        handout.full_clean()
        handout.save()
        _move(
            passport,
            Action.HANDED_OUT,
            actor,
            trip=trip,
            counterpart=handout.received_by,
            due_back_on=handout.due_back_on,
            note=note,
        )
    return handout


def passport_take_back(*, passport, actor, returned_by="", on_date=None, note="") -> Handout:
    """Back into custody; a hand-back after the deadline is recorded as late."""
    require_keeper(actor, passport, Action.RETURNED)
    on_date = on_date or timezone.localdate()
    with transaction.atomic():
        passport = _locked(passport)
        if passport.status != Status.HANDED_OUT:
            raise not_in_status(passport, Status.HANDED_OUT.label)
        handout = passport.handouts.get(returned_on__isnull=True)
        if on_date < handout.handed_out_on:
            raise CustodyError(_("Ngày nộp lại không được trước ngày giao."))
        handout.returned_on = on_date
        handout.returned_late = on_date > handout.due_back_on
        handout.save(update_fields=["returned_on", "returned_late"])
        _move(
            passport,
            Action.RETURNED,
            actor,
            trip=handout.trip,
            counterpart=(returned_by or handout.received_by).strip(),
            due_back_on=handout.due_back_on,
            is_late=handout.returned_late,
            note=note,
        )
    return handout


def passport_report_lost(*, passport, actor, on_date=None, note="") -> Passport:
    """A loss is reported at once (Law 49/2019, Art. 28)."""
    require_keeper(actor, passport, Action.REPORTED_LOST)
    with transaction.atomic():
        passport = _locked(passport)
        require_move(passport, Action.REPORTED_LOST)  # the table's sources, not a copy of them
        passport.lost_reported_on = on_date or timezone.localdate()
        _move(passport, Action.REPORTED_LOST, actor, note=note, update_fields=["lost_reported_on"])
        passport.handouts.filter(returned_on__isnull=True).update(
            returned_on=passport.lost_reported_on
        )
    return passport


def passport_cancel(*, passport, actor, note) -> Passport:
    require_keeper(actor, passport, Action.CANCELLED)
    if not (note or "").strip():
        raise CustodyError(_("Phải nêu lý do."))
    with transaction.atomic():
        passport = _locked(passport)
        if passport.status not in (Status.IN_CUSTODY, Status.EXPIRED):
            raise not_in_status(passport, Status.IN_CUSTODY.label)
        _move(passport, Action.CANCELLED, actor, note=note)
    return passport


def mark_expired(today) -> int:
    """Passports in custody past their expiry date become expired (the daily sweep)."""
    count = 0
    for passport in Passport.objects.filter(status=Status.IN_CUSTODY, expires_on__lt=today):
        with transaction.atomic():
            passport = _locked(passport)
            if passport.status == Status.IN_CUSTODY and passport.expires_on < today:
                _move(
                    passport,
                    Action.EXPIRED,
                    None,
                    note=_("Hết hạn ngày %(day)s.")
                    % {"day": passport.expires_on.strftime("%d/%m/%Y")},
                )
                count += 1
    return count
