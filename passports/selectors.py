"""Which passports a user may see, and what the custodians' dashboard lists."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from passports.fitness import add_months
from passports.models import Handout, Passport
from trips.models import TripMember, TripRequest

HANDOUT_HORIZON_DAYS = 14


def passports_visible_to(user) -> QuerySet[Passport]:
    """Custodians and administrators see the register; staff their agency's, read-only."""
    passports = Passport.objects.select_related("official__agency")
    if not user.is_authenticated or not user.is_active:
        return passports.none()
    if user.is_custodian or user.is_administrator:
        return passports
    if user.is_agency_staff:
        return passports.filter(official__agency_id=user.agency_id)
    return passports.none()


def out_now():
    return (
        Handout.objects.filter(returned_on__isnull=True)
        .select_related("passport__official__agency", "trip")
        .order_by("due_back_on", "id")
    )


def out_for_agency(agency_id: int):
    """The agency's passports out now: what its staff must get back, due soonest first."""
    return out_now().filter(passport__official__agency_id=agency_id)


def handouts_due(today: dt.date, days: int = HANDOUT_HORIZON_DAYS):
    """Members of approved trips leaving within `days` whose passport was not handed out for
    the trip yet, departure soonest first; `passport_id`: a passport of theirs in custody
    (the latest to expire), None when none is. One query."""
    handed_out = Handout.objects.filter(
        trip_id=OuterRef("trip_id"), passport__official_id=OuterRef("official_id")
    )
    in_custody = Passport.objects.filter(
        official_id=OuterRef("official_id"), status=Passport.Status.IN_CUSTODY
    ).order_by("-expires_on", "-id")
    return (
        TripMember.objects.filter(
            trip__status=TripRequest.Status.APPROVED,
            trip__departure_date__gte=today,
            trip__departure_date__lte=today + dt.timedelta(days=days),
        )
        .filter(~Exists(handed_out))
        .annotate(passport_id=Subquery(in_custody.values("pk")[:1]))
        .select_related("trip", "official__agency")
        .order_by("trip__departure_date", "trip_id", "id")
    )


def overdue(today: dt.date):
    return out_now().filter(due_back_on__lt=today)


def expiring(today: dt.date, months: int = 6):
    return (
        Passport.objects.filter(
            status__in=[Passport.Status.IN_CUSTODY, Passport.Status.HANDED_OUT],
            expires_on__gte=today,
            expires_on__lte=add_months(today, months),
        )
        .select_related("official__agency")
        .order_by("expires_on", "id")
    )


def lost_this_year(today: dt.date):
    return (
        Passport.objects.filter(status=Passport.Status.LOST, lost_reported_on__year=today.year)
        .select_related("official__agency")
        .order_by("-lost_reported_on")
    )
