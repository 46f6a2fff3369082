"""An official's and a passport's life beyond hand-out and hand-back (issue 16): the passports
of a holder transferred to another agency or who left the service (the transfer and the
leaving themselves are agencies.services'), invalidation, loss.

Each function is one transaction that locks the rows it changes and writes the passport's one
history, its custody log (CustodyEvent); an official's changes pass the actor to the master-data
history (simple-history's `_history_user`), since a service may run without a request.

Status moves added here (outside passports.services' hand-out/take-back):
  in_custody | expired            → to_invalidate  (the holder left the service, Art. 27.3)
  to_invalidate | in_custody      → invalidated    (the invalidation letter is recorded)
  in_custody | handed_out | expired → lost         (through passports.services.passport_report_lost)
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import signals
from core.formatting import format_date
from core.workflow import require_move
from passports import services
from passports.exceptions import CustodyError
from passports.fitness import OFFICIAL_KINDS
from passports.models import CustodyEvent, InvalidationLetter, Passport, PassportLoss

Status, Action = Passport.Status, CustodyEvent.Action
# Passports whose custody no longer matters: they travel with nobody.
GONE = [Status.LOST, Status.CANCELLED, Status.INVALIDATED]


def hand_over_passports(*, transfer, actor) -> None:
    """An official moved to another agency (agencies.services.official_transfer, on
    core.signals.official_transferred): their passports' custody is handed over to the new
    agency, a TRANSFERRED custody event each (the hand-over record)."""
    official, to_agency = transfer.official, transfer.to_agency
    handover = _("Bàn giao từ %(from)s sang %(to)s theo điều chuyển từ ngày %(day)s.") % {
        "from": transfer.from_agency.name,
        "to": to_agency.name,
        "day": format_date(transfer.effective_on),
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


def mark_passports_of_departed(*, official, actor) -> list[Passport]:
    """An official left the service (agencies.services.official_leave, through
    core.signals.official_left): their diplomatic and official passports in custody await
    invalidation (Law 49/2019 Art. 27.3). Returns them; one that is out is marked once back
    (passport_mark_to_invalidate)."""
    return [
        _mark_to_invalidate(passport, actor, official)
        for passport in Passport.objects.select_for_update().filter(
            official=official,
            kind__in=OFFICIAL_KINDS,
            status__in=[Status.IN_CUSTODY, Status.EXPIRED],
        )
    ]


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
