"""Passport alerts of the daily sweep, each sent once (a notice unique per person and event)."""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.calendar import load_calendar
from core.formatting import format_date
from core.i18n import remembering_gettext as _  # notices read in the reader's language
from core.models import Notification
from core.notifications import notify_many
from passports import fitness, selectors
from passports.models import Passport
from trips.models import TripMember, TripRequest
from trips.policy import PolicyConfig

NOT_READY_WORKING_DAYS = 10


class _Recipients:
    """Who can receive the alerts, read once per step for all its items, in one query (the
    custodians, if asked for, and the staff of every agency concerned): an alert nobody can
    receive costs no query of its own, day after day."""

    def __init__(self, agency_ids=(), custodians=True):
        self.custodians, self.staff = set(), {}
        wanted = Q(groups__name=Role.AGENCY_STAFF, agency_id__in=set(agency_ids))
        if custodians:
            wanted |= Q(groups__name=Role.CUSTODIAN)
        for user_id, agency_id, role in (
            User.objects.filter(wanted, is_active=True)
            .values_list("pk", "agency_id", "groups__name")
            .distinct()
        ):
            if role == Role.CUSTODIAN:
                self.custodians.add(user_id)
            else:
                self.staff.setdefault(agency_id, set()).add(user_id)

    def agency_staff(self, agency_id) -> set[int]:
        return self.staff.get(agency_id, set())


def _send_all(notices) -> int:
    """The notices that have someone to receive them, written together in one transaction."""
    notices = [notice for notice in notices if notice[0]]
    if not notices:
        return 0
    with transaction.atomic():
        return notify_many(notices)


def _not_alerted(items, key):
    """(event key, item) for the items whose alert was never written: most were alerted on an
    earlier day, and a day with nothing new then reads no recipients (one query per 1 000)."""
    keyed = {key(item): item for item in items}
    keys, done = list(keyed), set()
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        done.update(
            Notification.objects.filter(event_key__in=chunk).values_list("event_key", flat=True)
        )
    return [(k, item) for k, item in keyed.items() if k not in done]


def overdue_handbacks(today: dt.date) -> int:
    pending = _not_alerted(selectors.overdue(today), lambda h: f"handout-{h.pk}-overdue")
    if not pending:
        return 0
    people = _Recipients([h.passport.official.agency_id for _key, h in pending])
    notices = []
    for event_key, handout in pending:
        passport = handout.passport
        message = _("Hộ chiếu %(number)s của %(name)s quá hạn nộp lại (hạn %(due)s).") % {
            "number": passport.number,
            "name": passport.official.full_name,
            "due": format_date(handout.due_back_on),
        }
        recipients = people.custodians | people.agency_staff(passport.official.agency_id)
        url = reverse("passports:detail", args=[passport.pk])
        notices.append((recipients, event_key, message, message, url))
    return _send_all(notices)


def expiring_passports(today: dt.date) -> int:
    months = PolicyConfig.from_settings().passport_validity_months
    pending = _not_alerted(
        selectors.expiring(today, months).select_related("official__user"),
        lambda p: f"passport-{p.pk}-expiring-{p.expires_on:%Y%m%d}",
    )
    if not pending:
        return 0
    people = _Recipients([p.official.agency_id for _key, p in pending], custodians=False)
    notices = []
    for event_key, passport in pending:
        message = _("Hộ chiếu %(number)s của %(name)s sẽ hết hạn ngày %(until)s.") % {
            "number": passport.number,
            "name": passport.official.full_name,
            "until": format_date(passport.expires_on),
        }
        holder = passport.official.user
        recipients = people.agency_staff(passport.official.agency_id) | (
            {holder.pk} if holder is not None and holder.is_active else set()
        )
        url = reverse("passports:detail", args=[passport.pk])
        notices.append((recipients, event_key, message, message, url))
    return _send_all(notices)


def passports_not_ready(today: dt.date) -> int:
    """Members of approved trips leaving within 10 working days without a fitting passport."""
    calendar = load_calendar()  # every override: hand-back deadlines of any trip
    horizon = calendar.nth_working_day_after(today, NOT_READY_WORKING_DAYS)
    config = PolicyConfig.from_settings()
    memberships = TripMember.objects.filter(
        trip__status=TripRequest.Status.APPROVED,
        trip__departure_date__gt=today,
        trip__departure_date__lte=horizon,
    ).select_related("trip", "official")
    pending = _not_alerted(
        memberships, lambda m: f"trip-{m.trip_id}-passport-{m.official_id}-not-ready"
    )
    if not pending:
        return 0
    people = _Recipients([m.trip.agency_id for _key, m in pending])
    # Nobody to tell: not even the passport check is worth its time (nor its query).
    pending = [
        (key, m) for key, m in pending if people.custodians or people.agency_staff(m.trip.agency_id)
    ]
    if not pending:
        return 0
    passports = {}
    for passport in fitness.with_open_handout(
        Passport.objects.filter(official_id__in={m.official_id for _key, m in pending})
    ):
        passports.setdefault(passport.official_id, []).append(passport)
    notices = []
    for event_key, membership in pending:
        trip, official = membership.trip, membership.official
        recipients = people.custodians | people.agency_staff(trip.agency_id)
        if fitness.readiness(
            passports.get(official.pk, []),
            is_business=trip.kind == TripRequest.Kind.BUSINESS,
            trip_id=trip.pk,
            departure_date=trip.departure_date,
            return_date=trip.return_date,
            config=config,
            calendar=calendar,
            today=today,
        ).ready:
            continue
        message = _(
            "%(name)s chưa có hộ chiếu phù hợp cho chuyến đi “%(title)s” khởi hành ngày %(day)s."
        ) % {
            "name": official.full_name,
            "title": trip.title,
            "day": format_date(trip.departure_date),
        }
        url = reverse("trips:detail", args=[trip.pk])
        notices.append((recipients, event_key, message, message, url))
    return _send_all(notices)
