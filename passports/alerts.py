"""Passport alerts of the daily sweep, each sent once (a notice unique per person and event)."""

import datetime as dt

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.calendar import load_calendar
from core.formatting import format_date
from core.i18n import remembering_gettext as _  # notices read in the reader's language
from core.models import Notification
from core.notifications import notify
from passports import fitness, selectors
from passports.models import Passport
from trips.models import TripMember, TripRequest
from trips.policy import PolicyConfig

NOT_READY_WORKING_DAYS = 10


def _custodians():
    return User.objects.filter(is_active=True, groups__name=Role.CUSTODIAN)


def _agency_staff(agency_id):
    return User.objects.filter(is_active=True, agency_id=agency_id, groups__name=Role.AGENCY_STAFF)


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


def _send(recipients, event_key, message, passport):
    with transaction.atomic():
        return len(
            notify(
                recipients=recipients,
                event_key=event_key,
                subject=message,
                body=message,
                url=reverse("passports:detail", args=[passport.pk]),
            )
        )


def overdue_handbacks(today: dt.date) -> int:
    sent = 0
    for event_key, handout in _not_alerted(
        selectors.overdue(today), lambda h: f"handout-{h.pk}-overdue"
    ):
        passport = handout.passport
        message = _("Hộ chiếu %(number)s của %(name)s quá hạn nộp lại (hạn %(due)s).") % {
            "number": passport.number,
            "name": passport.official.full_name,
            "due": format_date(handout.due_back_on),
        }
        recipients = _custodians() | _agency_staff(passport.official.agency_id)
        sent += _send(recipients.distinct(), event_key, message, passport)
    return sent


def expiring_passports(today: dt.date) -> int:
    sent = 0
    months = PolicyConfig.from_settings().passport_validity_months
    for event_key, passport in _not_alerted(
        selectors.expiring(today, months),
        lambda p: f"passport-{p.pk}-expiring-{p.expires_on:%Y%m%d}",
    ):
        message = _("Hộ chiếu %(number)s của %(name)s sẽ hết hạn ngày %(until)s.") % {
            "number": passport.number,
            "name": passport.official.full_name,
            "until": format_date(passport.expires_on),
        }
        holder = User.objects.filter(is_active=True, official=passport.official)
        recipients = (holder | _agency_staff(passport.official.agency_id)).distinct()
        sent += _send(recipients, event_key, message, passport)
    return sent


def passports_not_ready(today: dt.date) -> int:
    """Members of approved trips leaving within 10 working days without a fitting passport."""
    horizon = load_calendar(today, today + dt.timedelta(days=40)).nth_working_day_after(
        today, NOT_READY_WORKING_DAYS
    )
    config = PolicyConfig.from_settings()
    calendar = load_calendar()  # every override: hand-back deadlines of any trip
    memberships = (
        TripMember.objects.filter(
            trip__status=TripRequest.Status.APPROVED,
            trip__departure_date__gt=today,
            trip__departure_date__lte=horizon,
        )
        .select_related("trip", "official")
        .prefetch_related(
            Prefetch("official__passports", fitness.with_open_handout(Passport.objects.all()))
        )
    )
    sent = 0
    for event_key, membership in _not_alerted(
        memberships, lambda m: f"trip-{m.trip_id}-passport-{m.official_id}-not-ready"
    ):
        trip, official = membership.trip, membership.official
        passports = list(official.passports.all())
        if fitness.readiness(
            passports,
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
        recipients = (_custodians() | _agency_staff(trip.agency_id)).distinct()
        with transaction.atomic():
            sent += len(
                notify(
                    recipients=recipients,
                    event_key=event_key,
                    subject=message,
                    body=message,
                    url=reverse("trips:detail", args=[trip.pk]),
                )
            )
    return sent
