"""Which passports a user may see, and what the custodians' dashboard lists."""

import datetime as dt

from django.db.models import QuerySet

from passports.fitness import add_months
from passports.models import Handout, Passport


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
