"""What waits for whom in the approval chain, its deadlines, and the escalation of overdue
steps (issue 13, "Inbox per role"; APPROVAL_SLA_WORKING_DAYS). Since issue 23 a step waits
for the holders of its body's positions (authority.Position), not for a role."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Substitution, User
from approvals.duties import own_agency_allowed_steps, own_agency_allows
from approvals.models import ChainStep
from authority.models import Position
from authority.selectors import holders_of
from core.calendar import WorkingCalendar, load_calendar
from core.i18n import remembering_gettext
from core.notifications import notify
from trips.models import TripMember


@dataclasses.dataclass
class WaitingStep:
    step: ChainStep
    due_on: dt.date
    overdue: bool
    acting_for: User | None  # the principal, when the user would act as a substitute


def _not_involved(steps: QuerySet, user) -> QuerySet:
    travels = TripMember.objects.filter(trip_id=OuterRef("trip_id"), official__user_id=user.pk)
    return steps.exclude(trip__created_by_id=user.pk).exclude(Exists(travels))


def _held_query(positions) -> Q:
    """Active steps of the (body, kind) pairs of `positions`."""
    query = Q(pk__in=[])
    for body_id, kind in positions:
        query |= Q(body_id=body_id, kinds__contains=f",{kind},")
    return query


def steps_waiting_for(user, *, day: dt.date | None = None) -> QuerySet[ChainStep]:
    """The active steps `user` may take: those of the positions they hold, and of their
    principals' on `day` (never one of a request they created or travel on; of their own
    agency's requests only the agency's own body's steps, in their own right)."""
    day = day or timezone.localdate()
    held = Position.objects.held_on(day)
    own = list(held.filter(holder=user).values_list("body_id", "kind"))
    principals = Substitution.objects.active_on(day).filter(substitute=user)
    acting = {}  # the principals' agency -> their (body, kind) pairs
    for body_id, kind, agency_id in held.filter(
        holder__in=principals.values("principal_id")
    ).values_list("body_id", "kind", "holder__agency_id"):
        acting.setdefault(agency_id, []).append((body_id, kind))
    # Of the requesting agency's requests, only its own body's steps in one's own right: the
    # rule the chain's check reads too (approvals.duties).
    steps = ChainStep.objects.filter(status=ChainStep.Status.ACTIVE).filter(
        own_agency_allowed_steps(
            user,
            _held_query(own),
            {agency_id: _held_query(pairs) for agency_id, pairs in acting.items()},
        )
    )
    return _not_involved(steps, user).select_related("trip", "trip__agency").order_by("opened_at")


def due_on(step: ChainStep, calendar: WorkingCalendar | None = None) -> dt.date:
    """The last working day the step may wait: APPROVAL_SLA_WORKING_DAYS after it opened."""
    opened = timezone.localdate(step.opened_at)
    calendar = calendar or load_calendar(opened, opened + dt.timedelta(days=60))
    return calendar.nth_working_day_after(opened, settings.APPROVAL_SLA_WORKING_DAYS)


def inbox(user, *, day: dt.date | None = None) -> list[WaitingStep]:
    """The user's queue with deadlines, oldest first; two queries plus the calendar's one."""
    day = day or timezone.localdate()
    steps = list(steps_waiting_for(user, day=day))
    held = Position.objects.held_on(day)
    substitutions = Substitution.objects.active_on(day).filter(substitute=user)
    by_principal = {s.principal_id: s.principal for s in substitutions.select_related("principal")}
    principals = {}  # (body, kind) -> the principal the user would act for
    order = list(by_principal)  # the substitutions' own order decides between principals
    rows = held.filter(holder_id__in=order).values_list("body_id", "kind", "holder_id")
    for body_id, kind, holder_id in sorted(rows, key=lambda row: order.index(row[2])):
        principals.setdefault((body_id, kind), by_principal[holder_id])
    calendar = load_calendar(day - dt.timedelta(days=120), day + dt.timedelta(days=60))
    rows = []
    for step in steps:
        due = due_on(step, calendar)
        rows.append(
            WaitingStep(
                step=step,
                due_on=due,
                overdue=day > due,
                acting_for=_acting_for(step, user, principals),
            )
        )
    return rows


def _acting_for(step, user, principals):
    """As approvals.chain.actor_for_step: a named substitute acts for the principal even when
    holding a position of their own (except on their own agency's requests)."""
    pairs = [(step.body_id, kind) for kind in step.kind_list]
    principal = next((principals[pair] for pair in pairs if pair in principals), None)
    if principal is not None and not own_agency_allows(user, step, principal):
        return None
    return principal


def _principals_of(step: ChainStep) -> QuerySet[User]:
    """The holders of the step's positions today."""
    holders = holders_of(step.body_id, step.kind_list)
    return User.objects.filter(pk__in=holders.values("holder_id"), is_active=True)


def _department_head() -> QuerySet[User]:
    username = settings.APPROVAL_DEPARTMENT_HEAD
    return (
        User.objects.filter(username=username, is_active=True) if username else User.objects.none()
    )


def escalate_overdue_steps(today: dt.date | None = None) -> int:
    """Tell the step's principals and the Department's head, once, of each step waiting past
    its deadline. Safe to run twice: each step is claimed by a conditional UPDATE
    (escalated_at IS NULL) and the notices are unique per (person, step)."""
    today = today or timezone.localdate()
    calendar = load_calendar(today - dt.timedelta(days=120), today)
    escalated = 0
    candidates = ChainStep.objects.filter(
        status=ChainStep.Status.ACTIVE, escalated_at__isnull=True, opened_at__isnull=False
    ).select_related("trip", "trip__agency")
    for step in candidates:
        if today <= due_on(step, calendar):
            continue
        claimed = ChainStep.objects.filter(pk=step.pk, escalated_at__isnull=True).update(
            escalated_at=timezone.now()
        )
        if not claimed:
            continue  # another sweep took it
        recipients = list(_principals_of(step).filter(~Q(pk=step.trip.created_by_id))) + list(
            _department_head()
        )
        notify(
            recipients=recipients,
            event_key=f"chain-step-overdue-{step.pk}",
            # The subject remembers its source: the inbox shows it in the reader's language.
            subject=remembering_gettext("Hồ sơ quá hạn xử lý: %(title)s")
            % {"title": step.trip.title},
            body=_(
                "%(agency)s: bước “%(step)s” chờ xử lý từ %(opened)s, quá %(days)s ngày làm việc."
            )
            % {
                "agency": step.trip.agency,
                "step": step.get_action_display(),
                "opened": timezone.localdate(step.opened_at).strftime("%d/%m/%Y"),
                "days": settings.APPROVAL_SLA_WORKING_DAYS,
            },
            url=reverse("trips:detail", args=[step.trip_id]),
        )
        escalated += 1
    return escalated
