"""What each role sees first: its to-do list, each row a link to where the work is done.

Every list is one query from the owning app's selectors, cut at LIST_SIZE, whatever the number
of rows; the page links to the full list when there is more.
"""

import datetime as dt

from django.db.models import Count

from passports import selectors as passport_selectors
from reports import selectors as report_selectors
from trips.models import TripRequest
from trips.selectors import list_rows, returned_with_reason, trips_visible_to

LIST_SIZE = 20


def _cut(rows) -> list:
    return list(rows[:LIST_SIZE])


def staff_todo(user, today: dt.date) -> dict:
    """Agency staff: requests sent back (with the reason), drafts, reports owed, passports
    to get back from the agency's officials."""
    S = TripRequest.Status
    mine = trips_visible_to(user).filter(agency_id=user.agency_id)
    return {
        "to_fix": _cut(list_rows(returned_with_reason(mine)).order_by("-updated_at", "-id")),
        "drafts": _cut(list_rows(mine.filter(status=S.DRAFT)).order_by("-updated_at", "-id")),
        "reports_owed": _cut(report_selectors.reports_owed(mine, today).select_related("agency")),
        "handbacks": _cut(passport_selectors.out_for_agency(user.agency_id)),
    }


def reviewer_todo(user, today: dt.date) -> dict:
    """Reviewers: requests waiting for a decision, reports waiting for acceptance, reports
    overdue."""
    visible = trips_visible_to(user)
    owed = report_selectors.reports_owed(visible, today)
    return {
        "review_queue": _cut(
            list_rows(visible.filter(status=TripRequest.Status.SUBMITTED)).order_by(
                "departure_date", "id"
            )
        ),
        "reports_to_accept": _cut(
            report_selectors.reports_waiting_for_acceptance(visible).select_related("agency")
        ),
        "reports_overdue": _cut(owed.filter(report_due_on__lt=today).select_related("agency")),
    }


def custodian_todo(user, today: dt.date) -> dict:
    """Custodians: passports to hand out for trips leaving soon, to get back (due soonest
    first), and expiring within six months."""
    return {
        "handouts_due": _cut(passport_selectors.handouts_due(today)),
        "passports_out": _cut(passport_selectors.out_now()),
        "expiring": _cut(passport_selectors.expiring(today)),
    }


def administrator_overview() -> dict:
    counts = dict(TripRequest.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in TripRequest.Status.choices
        ]
    }


def home_sections(user, today: dt.date) -> dict:
    sections = {"today": today, "list_size": LIST_SIZE}
    todo = {}
    if user.is_agency_staff:
        todo |= staff_todo(user, today)
    if user.is_reviewer:
        todo |= reviewer_todo(user, today)
    if user.is_custodian:
        todo |= custodian_todo(user, today)
    if user.is_administrator:
        sections |= administrator_overview()
    sections |= todo
    sections["has_role"] = bool(todo) or user.is_administrator
    # Something to do: the page says so at once, never an empty list under a heading.
    sections["nothing_to_do"] = bool(todo) and not any(todo.values())
    return sections
