"""What each role sees first: its to-do list, each row a link to where the work is done.

Every list is one query from the owning app's selectors, cut at LIST_SIZE, whatever the number
of rows; the page links to the full list when there is more.
"""

import datetime as dt

from django.db.models import Count, OuterRef, Subquery

from approvals.chain_inbox import inbox
from documents.models import IssuedDocument
from passports import selectors as passport_selectors
from reports import selectors as report_selectors
from trips.models import TripRequest
from trips.selectors import (
    awaiting_proposal,
    list_rows,
    returned_with_reason,
    submitted_for_appraisal,
    trips_visible_to,
)

LIST_SIZE = 20


def _cut(rows) -> list:
    return list(rows[:LIST_SIZE])


def staff_todo(user, today: dt.date) -> dict:
    """Agency staff: requests sent back (with the reason), drafts, requests waiting for the
    head's signature of their proposal, reports owed, passports to get back from the
    agency's officials."""
    S = TripRequest.Status
    mine = trips_visible_to(user).filter(agency_id=user.agency_id)
    return {
        "to_fix": _cut(list_rows(returned_with_reason(mine)).order_by("-updated_at", "-id")),
        "drafts": _cut(list_rows(mine.filter(status=S.DRAFT)).order_by("-updated_at", "-id")),
        "awaiting_proposal": _cut(
            list_rows(awaiting_proposal(mine)).order_by("departure_date", "id")
        ),
        "reports_owed": _cut(report_selectors.reports_owed(mine, today).select_related("agency")),
        "handbacks": _cut(passport_selectors.out_for_agency(user.agency_id)),
        "decided": _cut(decided_trips(mine, today)),
    }


def decided_trips(trips, today: dt.date):
    """Approved requests not yet back, departure soonest first, each with its latest sending
    decision (`decision_id`, None until issued): what staff come to download. One query."""
    decision = IssuedDocument.objects.filter(
        trip_id=OuterRef("pk"), kind=IssuedDocument.Kind.DECISION
    ).order_by("-created_at", "-id")
    return (
        list_rows(trips.filter(status=TripRequest.Status.APPROVED, return_date__gte=today))
        .annotate(decision_id=Subquery(decision.values("pk")[:1]))
        .order_by("departure_date", "id")
    )


def decider_todo(user, today: dt.date) -> dict:
    """Deciders, and whoever acts for one today: the chain steps waiting for them, oldest
    first, with their deadline and the principal they act for (approvals.chain_inbox)."""
    return {"waiting_steps": inbox(user, day=today)[:LIST_SIZE]}


def agency_head_todo(user, today: dt.date) -> dict:
    """The agency's head (issue 23): the agency's requests waiting for their decision (the
    steps of the agency's own body they hold), then the agency's current approved trips."""
    mine = trips_visible_to(user).filter(agency_id=user.agency_id)
    return {
        "waiting_steps": inbox(user, day=today)[:LIST_SIZE],
        "decided": _cut(decided_trips(mine, today)),
    }


def reviewer_todo(user, today: dt.date) -> dict:
    """Reviewers: requests waiting for a decision, reports waiting for acceptance, reports
    overdue."""
    visible = trips_visible_to(user)
    owed = report_selectors.reports_owed(visible, today)
    return {
        "review_queue": _cut(
            list_rows(submitted_for_appraisal(visible)).order_by("departure_date", "id")
        ),
        "reports_to_accept": _cut(
            report_selectors.reports_waiting_for_acceptance(visible).select_related("agency")
        ),
        "reports_overdue": _cut(owed.filter(report_due_on__lt=today).select_related("agency")),
    }


def custodian_todo(user, today: dt.date) -> dict:
    """Custodians: passports to hand out for trips leaving soon (by departure), overdue
    hand-backs, those due back (soonest first), and those expiring within six months."""
    return {
        "handouts_due": _cut(passport_selectors.handouts_due(today)),
        "handbacks_overdue": _cut(passport_selectors.overdue(today)),
        "passports_out": _cut(passport_selectors.out_now().filter(due_back_on__gte=today)),
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
    if user.is_agency_head:
        todo |= agency_head_todo(user, today)
    if user.is_reviewer:
        todo |= reviewer_todo(user, today)
    if user.is_decider:
        todo |= decider_todo(user, today)
    if user.is_custodian:
        todo |= custodian_todo(user, today)
    if user.is_administrator:
        sections |= administrator_overview()
    sections |= todo
    sections["has_role"] = bool(todo) or user.is_administrator
    # Something to do: the page says so at once, never an empty list under a heading.
    sections["nothing_to_do"] = bool(todo) and not any(todo.values())
    return sections
