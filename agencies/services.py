"""An official's own state changes that are the agencies' (issue 22): leaving the service, and
moving to another agency.

One transaction that locks the official's row, with the actor passed to the master-data
history (simple-history's `_history_user`: a service may run without a request). What the
apps above do about it — trips flag the open requests that include the official, passports
mark their diplomatic and official passports to invalidate — they do on
`core.signals.official_left`, sent inside this transaction: a receiver's error undoes it all.
A transfer likewise sends `core.signals.official_transferred` (trips flag the old agency's
open requests that include the official, passports hand their custody over).
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, LeavingReason, Official, Transfer
from core import signals


def locked_official(official) -> Official:
    return Official.objects.select_for_update().select_related("agency").get(pk=official.pk)


def require_administrator(actor):
    """An official's leaving or transfer is the administrator's to record."""
    if not getattr(actor, "is_administrator", False):
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới được thực hiện."))


def official_leave(*, official, reason, left_on: dt.date, actor, note="") -> Official:
    """Retirement, resignation or dismissal from `left_on`: from that day the official can no
    longer be named on a request (trips.selectors.officials_usable_by; at once if the day has
    come, else by `apply_due_leavings`); the apps above are told (core.signals.official_left)."""
    require_administrator(actor)
    if reason not in LeavingReason.values:
        raise ValidationError({"reason": _("Lý do nghỉ công tác không hợp lệ.")})
    with transaction.atomic():
        official = locked_official(official)
        if official.left_on is not None:
            raise ValidationError({"left_on": _("Đã ghi nhận cán bộ này nghỉ công tác.")})
        official.left_on, official.leaving_reason = left_on, reason
        # Inactive at once if the day has come; otherwise apply_due_leavings does it then.
        official.is_active = official.is_active and left_on > timezone.localdate()
        official._history_user = actor
        official.save(update_fields=["left_on", "leaving_reason", "is_active"])
        signals.official_left.send(sender=Official, official=official, actor=actor)
    return official


def official_transfer(*, official, to_agency, effective_on: dt.date, actor, note="") -> Transfer:
    """Move an official to another agency from `effective_on` (today or earlier).

    The apps above are told (core.signals.official_transferred): open requests of the old
    agency that include them are flagged to both agencies; their passports' custody is handed
    over to the new agency. Past trips keep the old agency: statistics read the trip's agency.
    """
    require_administrator(actor)
    if effective_on > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("Chỉ ghi nhận điều chuyển từ ngày quyết định có hiệu lực.")}
        )
    with transaction.atomic():
        official = locked_official(official)
        to_agency = Agency.objects.get(pk=to_agency.pk)
        if to_agency.pk == official.agency_id:
            raise ValidationError({"to_agency": _("Cán bộ đã thuộc cơ quan này.")})
        if not to_agency.is_active:
            raise ValidationError({"to_agency": _("Cơ quan này không còn hoạt động.")})
        transfer = Transfer.objects.create(
            official=official,
            from_agency=official.agency,
            to_agency=to_agency,
            effective_on=effective_on,
            actor=actor,
            note=note.strip(),
        )
        official.agency = to_agency
        official._history_user = actor
        official.save(update_fields=["agency"])
        signals.official_transferred.send(sender=Official, transfer=transfer, actor=actor)
    return transfer


def apply_due_leavings(today: dt.date) -> int:
    """Officials whose leaving day has come become inactive (a step of the daily sweep; run
    twice, the second run changes nothing)."""
    count = 0
    for official in Official.objects.filter(is_active=True, left_on__lte=today):
        with transaction.atomic():
            official = locked_official(official)
            if official.is_active and official.left_on and official.left_on <= today:
                official.is_active = False
                official.save(update_fields=["is_active"])
                count += 1
    return count
