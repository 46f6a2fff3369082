"""What waits for whom in the approval chain, its deadlines, and the escalation of overdue
steps (issue 13, "Inbox per role"; APPROVAL_SLA_WORKING_DAYS)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Substitution, User
from core.calendar import WorkingCalendar, load_calendar
from core.i18n import remembering_gettext
from core.notifications import notify
from trips.models import TripMember
from trips.models_chain import ChainStep


@dataclasses.dataclass
class WaitingStep:
    step: ChainStep
    due_on: dt.date
    overdue: bool
    acting_for: User | None  # the principal, when the user would act as a substitute


def _not_involved(steps: QuerySet, user) -> QuerySet:
    travels = TripMember.objects.filter(trip_id=OuterRef("trip_id"), official__user_id=user.pk)
    return steps.exclude(trip__created_by_id=user.pk).exclude(Exists(travels))


def steps_waiting_for(user, *, day: dt.date | None = None) -> QuerySet[ChainStep]:
    """The active steps `user` may take: their own role's, and their principals' on `day`
    (never one of a request they created or travel on)."""
    day = day or timezone.localdate()
    roles = set(user.own_role_names())
    held = Substitution.objects.active_on(day).filter(substitute=user)
    substituted_roles = set(held.values_list("principal__groups__name", flat=True))
    steps = ChainStep.objects.filter(
        status=ChainStep.Status.ACTIVE, role__in=roles | substituted_roles
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
    own = user.own_role_names()
    principals = {}
    for substitution in (
        Substitution.objects.active_on(day).filter(substitute=user).select_related("principal")
    ):
        for role in substitution.principal.groups.values_list("name", flat=True):
            principals.setdefault(role, substitution.principal)
    calendar = load_calendar(day - dt.timedelta(days=120), day + dt.timedelta(days=60))
    rows = []
    for step in steps:
        due = due_on(step, calendar)
        rows.append(
            WaitingStep(
                step=step,
                due_on=due,
                overdue=day > due,
                acting_for=None if step.role in own else principals.get(step.role),
            )
        )
    return rows


def _principals_of_role(role: str) -> QuerySet[User]:
    return User.objects.filter(groups__name=role, is_active=True)


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
        recipients = list(
            _principals_of_role(step.role).filter(~Q(pk=step.trip.created_by_id))
        ) + list(_department_head())
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
