"""Warnings to a passport's holder (issue 16, item 7): less than 6 months of validity left, or a
handed-out passport past its hand-back deadline. Each is told once: a HolderWarning row, unique
per passport, kind and subject (the expiry date, or the hand-out), is claimed first in the same
transaction as the notice, so a second run (or a concurrent one) sends nothing.

Who is told: the holder's login (Official.user: an in-app notice and its email); a holder with
no login but an email address on their record gets the email directly; otherwise the staff of
the holder's agency get the notice, to pass it on.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.formatting import format_date
from core.i18n import remembering_gettext as _  # notices read in the reader's language
from core.notifications import notify, notify_address
from passports import selectors
from passports.models import HolderWarning

VALIDITY_MONTHS = 6


def _claim(passport, kind, subject_key, channel) -> bool:
    try:
        with transaction.atomic():
            HolderWarning.objects.create(
                passport=passport, kind=kind, subject_key=subject_key, channel=channel[:200]
            )
    except IntegrityError:
        return False
    return True


def _tell(passport, kind, subject_key, message) -> int:
    """Claim the warning, then tell the holder (or whoever stands for them). 1 if sent."""
    official = passport.official
    holder = official.user if official.user_id and official.user.is_active else None
    if holder is not None:
        recipients, channel = [holder], f"user:{holder.pk}"
    elif official.email:
        recipients, channel = [], f"email:{official.email}"
    else:
        recipients = list(
            User.objects.filter(
                is_active=True, agency_id=official.agency_id, groups__name=Role.AGENCY_STAFF
            ).distinct()
        )
        channel = f"agency:{official.agency_id}"
    with transaction.atomic():
        if not _claim(passport, kind, subject_key, channel):
            return 0
        if recipients:
            notify(
                recipients=recipients,
                event_key=f"holder-{kind}-{passport.pk}-{subject_key}",
                subject=message,
                body=message,  # no link: they cannot sign in
            )
        elif official.email:  # the email alone, through the claimed, retried task of every notice
            notify_address(
                address=official.email,
                event_key=f"holder-{kind}-{passport.pk}-{subject_key}",
                subject=message,
                body=message,
                url=reverse("passports:detail", args=[passport.pk]),
            )
        else:  # no login, no address, no staff: claimed all the same, so no day asks again
            return 0
    return 1


def _claimed(kind, passports) -> set[tuple[int, str]]:
    """The warnings of this kind already given for these passports, in one query, so that a
    day with nothing new costs the same whatever the number of passports warned before."""
    return set(
        HolderWarning.objects.filter(kind=kind, passport__in=passports).values_list(
            "passport_id", "subject_key"
        )
    )


def send_holder_warnings(today: dt.date) -> int:
    """Both warnings for `today`; returns how many holders were told (0 on a second run)."""
    sent = 0
    expiring = selectors.expiring(today, VALIDITY_MONTHS)
    told = _claimed(HolderWarning.Kind.EXPIRING, expiring.values("pk"))
    for passport in expiring.select_related("official__user"):
        key = f"{passport.expires_on:%Y%m%d}"
        if (passport.pk, key) in told:
            continue
        message = _(
            "Hộ chiếu %(number)s của %(name)s còn hạn dưới 6 tháng (hết hạn ngày %(until)s)."
        ) % {
            "number": passport.number,
            "name": passport.official.full_name,
            "until": format_date(passport.expires_on),
        }
        sent += _tell(passport, HolderWarning.Kind.EXPIRING, key, message)
    overdue = selectors.overdue(today)
    told = _claimed(HolderWarning.Kind.OVERDUE, overdue.values("passport_id"))
    for handout in overdue.select_related("passport__official__user"):
        passport = handout.passport
        if (passport.pk, f"handout-{handout.pk}") in told:
            continue
        message = _(
            "Hộ chiếu %(number)s của %(name)s đã quá hạn nộp lại cơ quan (hạn %(due)s)."
        ) % {
            "number": passport.number,
            "name": passport.official.full_name,
            "due": format_date(handout.due_back_on),
        }
        sent += _tell(passport, HolderWarning.Kind.OVERDUE, f"handout-{handout.pk}", message)
    return sent
