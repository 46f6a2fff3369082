"""An official's and a passport's life beyond hand-out and hand-back (issue 16):
transfer to another agency, leaving the service, invalidation, loss.

Each function is one transaction that locks the rows it changes and writes the passport's one
history, its custody log (CustodyEvent); an official's changes pass the actor to the master-data
history (simple-history's `_history_user`), since a service may run without a request.

Status moves added here (outside passports.services' hand-out/take-back):
  in_custody | expired            → to_invalidate  (the holder left the service, Art. 27.3)
  to_invalidate | in_custody      → invalidated    (the invalidation letter is recorded)
  in_custody | handed_out | expired → lost         (through passports.services.passport_report_lost)
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import User
from accounts.roles import Role
from agencies.models import Agency, LeavingReason, Official, Transfer
from core import signals
from core.formatting import format_date
from core.i18n import remembering_gettext
from core.notifications import notify
from core.workflow import require_move
from passports import services
from passports.exceptions import CustodyError
from passports.fitness import OFFICIAL_KINDS
from passports.models import CustodyEvent, InvalidationLetter, Passport, PassportLoss
from trips.models import TripRequest

Status, Action = Passport.Status, CustodyEvent.Action
# Passports whose custody no longer matters: they travel with nobody.
GONE = [Status.LOST, Status.CANCELLED, Status.INVALIDATED]


def _require_administrator(actor):
    if not actor.is_administrator:
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới được thực hiện."))


def _locked_official(official) -> Official:
    return Official.objects.select_for_update().select_related("agency").get(pk=official.pk)


def open_requests_including(official_id, agency_id):
    return (
        TripRequest.objects.filter(agency_id=agency_id, members__official_id=official_id)
        .exclude(status__in=TripRequest.CLOSED_STATUSES)
        .distinct()
        .order_by("departure_date", "id")
    )


def _staff_of(*agency_ids):
    return User.objects.filter(
        is_active=True, agency_id__in=agency_ids, groups__name=Role.AGENCY_STAFF
    )


def _custodians():
    return User.objects.filter(is_active=True, groups__name=Role.CUSTODIAN)


# The notices to the staff of a request whose member moved or left (gettext_noop: the
# sentence is translated when read, core.i18n).
TRANSFERRED = gettext_noop(
    "Hồ sơ “%(title)s”: %(name)s đã được điều chuyển sang %(to)s từ ngày %(day)s."
)
LEFT = gettext_noop("Hồ sơ “%(title)s”: %(name)s nghỉ công tác (%(reason)s) từ ngày %(day)s.")


def _flag_requests(trips, official, sentence, params, agency_ids, event):
    """Tell the agencies' staff of each open request that includes the official. Only the
    request's own agency may open it: the other agency's staff get the text without a link.
    `sentence` (with its `params` and the request's title) is remembered, so the notice reads
    in each reader's language (core.i18n)."""
    for trip in trips:
        text = remembering_gettext(sentence) % {"title": trip.title, **params}
        for agency_id in agency_ids:
            own = agency_id == trip.agency_id
            notify(
                recipients=_staff_of(agency_id).distinct(),
                event_key=f"trip-{trip.pk}-member-{official.pk}-{event}",
                subject=text,
                body=str(text),
                url=reverse("trips:detail", args=[trip.pk]) if own else "",
            )


def official_transfer(*, official, to_agency, effective_on: dt.date, actor, note="") -> Transfer:
    """Move an official to another agency from `effective_on` (today or earlier).

    Open requests of the old agency that include them are flagged to both agencies; their
    passports' custody is handed over to the new agency (a TRANSFERRED custody event each, the
    hand-over record). Past trips keep the old agency: statistics read the trip's agency.
    """
    _require_administrator(actor)
    if effective_on > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("Chỉ ghi nhận điều chuyển từ ngày quyết định có hiệu lực.")}
        )
    with transaction.atomic():
        official = _locked_official(official)
        to_agency = Agency.objects.get(pk=to_agency.pk)
        if to_agency.pk == official.agency_id:
            raise ValidationError({"to_agency": _("Cán bộ đã thuộc cơ quan này.")})
        if not to_agency.is_active:
            raise ValidationError({"to_agency": _("Cơ quan này không còn hoạt động.")})
        from_agency = official.agency
        transfer = Transfer.objects.create(
            official=official,
            from_agency=from_agency,
            to_agency=to_agency,
            effective_on=effective_on,
            actor=actor,
            note=note.strip(),
        )
        official.agency = to_agency
        official._history_user = actor
        official.save(update_fields=["agency"])
        handover = _("Bàn giao từ %(from)s sang %(to)s theo điều chuyển từ ngày %(day)s.") % {
            "from": from_agency.name,
            "to": to_agency.name,
            "day": format_date(effective_on),
        }
        for passport in Passport.objects.select_for_update().filter(official=official):
            if passport.status not in GONE:
                services._log(
                    passport,
                    Action.TRANSFERRED,
                    actor,
                    counterpart=to_agency.name[:150],
                    note=handover,
                )
        params = {
            "name": official.full_name,
            "to": to_agency.name,
            "day": format_date(effective_on),
        }
        trips = open_requests_including(official.pk, from_agency.pk)
        _flag_requests(
            trips, official, TRANSFERRED, params, [from_agency.pk, to_agency.pk], "transferred"
        )
    return transfer


def official_leave(*, official, reason, left_on: dt.date, actor, note="") -> list[Passport]:
    """Retirement, resignation or dismissal from `left_on`: from that day the official can no
    longer be named on a request (trips.selectors.officials_usable_by; at once if the day has
    come, else by `apply_due_leavings`), open requests that include them are flagged, and their
    diplomatic and official passports in custody await invalidation (Law 49/2019 Art. 27.3).
    Returns the passports now awaiting invalidation."""
    _require_administrator(actor)
    if reason not in LeavingReason.values:
        raise ValidationError({"reason": _("Lý do nghỉ công tác không hợp lệ.")})
    with transaction.atomic():
        official = _locked_official(official)
        if official.left_on is not None:
            raise ValidationError({"left_on": _("Đã ghi nhận cán bộ này nghỉ công tác.")})
        official.left_on, official.leaving_reason = left_on, reason
        # Inactive at once if the day has come; otherwise apply_due_leavings does it then.
        official.is_active = official.is_active and left_on > timezone.localdate()
        official._history_user = actor
        official.save(update_fields=["left_on", "leaving_reason", "is_active"])
        marked = []
        for passport in Passport.objects.select_for_update().filter(
            official=official,
            kind__in=OFFICIAL_KINDS,
            status__in=[Status.IN_CUSTODY, Status.EXPIRED],
        ):
            marked.append(_mark_to_invalidate(passport, actor, official))
        params = {
            "name": official.full_name,
            "reason": str(LeavingReason(reason).label),
            "day": format_date(left_on),
        }
        trips = open_requests_including(official.pk, official.agency_id)
        _flag_requests(trips, official, LEFT, params, [official.agency_id], "left")
    return marked


def _mark_to_invalidate(passport, actor, official):
    services._move(
        passport,
        Action.TO_INVALIDATE,
        actor,
        note=_("Người mang hộ chiếu nghỉ công tác từ ngày %(day)s.")
        % {"day": format_date(official.left_on)},
    )
    return passport


def passport_mark_to_invalidate(*, passport, actor) -> Passport:
    """A departed holder's passport that was out when they left, once it is back in custody
    (offered by the table's `to_invalidate` on the passport's page)."""
    services.require_keeper(actor, passport, Action.TO_INVALIDATE)
    with transaction.atomic():
        passport = services._locked(passport)
        if passport.official.left_on is None or passport.kind not in OFFICIAL_KINDS:
            raise CustodyError(_("Chỉ hộ chiếu ngoại giao, công vụ của người đã nghỉ công tác."))
        require_move(passport, Action.TO_INVALIDATE)
        return _mark_to_invalidate(passport, actor, passport.official)


def apply_due_leavings(today: dt.date) -> int:
    """Officials whose leaving day has come become inactive (for the daily sweep; run twice,
    the second run changes nothing)."""
    count = 0
    for official in Official.objects.filter(is_active=True, left_on__lte=today):
        with transaction.atomic():
            official = _locked_official(official)
            if official.is_active and official.left_on and official.left_on <= today:
                official.is_active = False
                official.save(update_fields=["is_active"])
                count += 1
    return count


def passport_record_invalidation(
    *, passport, actor, number, dated: dt.date, addressed_to
) -> InvalidationLetter:
    """The custodian's letter asking the issuing office to invalidate the passport of a holder
    who left the service (Art. 27.3): recorded, the passport becomes invalidated."""
    services.require_keeper(actor, passport, Action.INVALIDATED)
    with transaction.atomic():
        passport = services._locked(passport)
        require_move(passport, Action.INVALIDATED)
        letter = InvalidationLetter(
            passport=passport,
            number=(number or "").strip(),
            dated=dated,
            addressed_to=(addressed_to or "").strip(),
            recorded_by=actor,
        )
        letter.full_clean()
        letter.save()
        services._move(
            passport,
            Action.INVALIDATED,
            actor,
            counterpart=letter.addressed_to[:150],
            note=_("Công văn số %(number)s ngày %(day)s.")
            % {"number": letter.number, "day": format_date(letter.dated)},
        )
    return letter


def passport_record_loss(
    *, passport, actor, lost_on: dt.date, place, circumstances, reported_on: dt.date, reported_by
) -> PassportLoss:
    """The holder's report of a loss (Art. 24.2.đ, 28.1): what they said is kept for the notice,
    and the passport is marked lost through passports.services (its REPORTED_LOST log row)."""
    services.require_keeper(actor)
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("Ngày báo không được sau hôm nay.")})
    with transaction.atomic():
        loss = PassportLoss(
            passport=passport,
            lost_on=lost_on,
            place=(place or "").strip(),
            circumstances=(circumstances or "").strip(),
            reported_on=reported_on,
            reported_by=reported_by,
            recorded_by=actor,
        )
        loss.full_clean()
        services.passport_report_lost(
            passport=passport, actor=actor, on_date=reported_on, note=loss.circumstances
        )
        loss.save()
        signals.loss_recorded.send(sender=PassportLoss, loss=loss, actor=actor)  # the notice
    return loss
