"""The approval chain (issue 13): which steps a request goes through, stored when submitted.

`steps_for` is a pure function of the members' management levels, the kind of trip and the
`APPROVAL_CHAINS` setting; `chain_open` stores its result with the request, so that a later
change of the setting does not rewrite a chain already under way. Who may take the step
that waits, and as whom (a substitute "acting for" a principal), is `actor_for_step`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Substitution
from accounts.roles import Role
from agencies.models import Official
from core.workflow import is_involved as core_is_involved
from core.workflow import memo
from trips.duties import require_separate
from trips.exceptions import TransitionNotAllowed
from trips.models_chain import ChainStep

Level = Official.ManagementLevel
Action = ChainStep.Action

# Highest first: a delegation with one standing-committee member takes that member's chain.
LEVEL_ORDER = [Level.STANDING_COMMITTEE, Level.PROVINCE, Level.AGENCY]
DEFAULT_ROLES = {
    Action.APPRAISE: Role.REVIEWER,
    Action.PARTY_OPINION: Role.REVIEWER,  # the committee is not a user: a reviewer records it
    Action.DECIDE: Role.DECIDER,
}
CHAIN_ROLE_VALUES = {Role.REVIEWER.value, Role.DECIDER.value}
# Every step a chain may wait at (return and reject are taken at any of them).
ANY_STEP = frozenset(Action.values)


@dataclasses.dataclass(frozen=True)
class StepSpec:
    action: str
    role: str


def highest_level(levels: Iterable[str]) -> str:
    present = set(levels)
    return next((level for level in LEVEL_ORDER if level in present), Level.AGENCY)


def _parse_step(text: str) -> StepSpec:
    action, _sep, role = str(text).partition(":")
    if action not in Action.values:
        raise ImproperlyConfigured(f"APPROVAL_CHAINS: unknown step {action!r}")
    role = role or DEFAULT_ROLES[Action(action)].value
    if role not in CHAIN_ROLE_VALUES:
        raise ImproperlyConfigured(f"APPROVAL_CHAINS: unknown role {role!r}")
    return StepSpec(action, role)


def parse_chains(chains: dict) -> dict[str, list[StepSpec]]:
    """Check the setting's shape: every chain non-empty, ending with one decision."""
    parsed = {}
    for key, steps in chains.items():
        if not isinstance(steps, list) or not steps:
            raise ImproperlyConfigured(f"APPROVAL_CHAINS[{key!r}] must be a non-empty list")
        specs = [_parse_step(step) for step in steps]
        if specs[-1].action != Action.DECIDE or any(s.action == Action.DECIDE for s in specs[:-1]):
            raise ImproperlyConfigured(f"APPROVAL_CHAINS[{key!r}] must end with its only 'decide'")
        parsed[key] = specs
    missing = set(Level.values) - set(parsed)
    if missing:
        raise ImproperlyConfigured(f"APPROVAL_CHAINS lacks the levels {sorted(missing)}")
    return parsed


def steps_for(*, levels: Iterable[str], kind: str, chains: dict) -> list[StepSpec]:
    """The steps of a request whose members have `levels`, for a trip of `kind`.

    Private trips follow the same chain by level as business trips (API.md), unless the
    province sets a "<kind>:<level>" chain of its own.
    """
    parsed = parse_chains(chains)
    level = highest_level(levels)
    return parsed.get(f"{kind}:{level}", parsed[level])


def configured_chains() -> dict:
    return settings.APPROVAL_CHAINS


# --- the stored chain --------------------------------------------------------------------


def current_round(trip) -> int:
    last = trip.chain_steps.order_by("-round").values_list("round", flat=True).first()
    return last or 0


def chain_prefetch() -> Prefetch:
    """For lists and pages that show chains: the steps with their people, one query."""
    return Prefetch("chain_steps", queryset=ChainStep.objects.select_related("actor", "acting_for"))


def chain_of(trip) -> list[ChainStep]:
    """The steps of the request's latest submission, in order (empty before submission).
    Reads `trip.chain_steps.all()`, so a list that prefetched them costs no query here."""
    if "chain_steps" not in getattr(trip, "_prefetched_objects_cache", {}):
        prefetch_related_objects([trip], chain_prefetch())
    steps = list(trip.chain_steps.all())
    if not steps:
        return []
    latest = max(s.round for s in steps)
    return sorted((s for s in steps if s.round == latest), key=lambda s: s.position)


def active_step(trip) -> ChainStep | None:
    """The step the request waits at now, read afresh."""
    return trip.chain_steps.filter(status=ChainStep.Status.ACTIVE).first()


def waiting_step(trip) -> ChainStep | None:
    """The step the request waits at, read once per trip object (the table's conditions ask
    it for every action; a service reads it on its locked row and sees the same step until
    `transition()` moves the request)."""
    return memo(trip, "waiting_step", lambda: active_step(trip) if trip.pk else None)


def waits_at(*actions, legacy=False):
    """A condition for the transition table: the request waits at one of `actions` (or,
    with `legacy`, has no stored chain at all)."""

    def condition(trip) -> bool:
        step = waiting_step(trip)
        return (step is None and legacy) or (step is not None and step.action in actions)

    return condition


def chain_open(*, trip, now=None) -> list[ChainStep]:
    """Store a new chain for a request being submitted (inside the submitting transaction):
    computed from the members' levels now, its first step waiting from now."""
    now = now or timezone.now()
    levels = trip.members.values_list("official__management_level", flat=True)
    specs = steps_for(levels=levels, kind=trip.kind, chains=configured_chains())
    # Whatever was still open of an earlier round stops here.
    trip.chain_steps.filter(status__in=[ChainStep.Status.PENDING, ChainStep.Status.ACTIVE]).update(
        status=ChainStep.Status.CLOSED
    )
    round_ = current_round(trip) + 1
    steps = ChainStep.objects.bulk_create(
        ChainStep(
            trip=trip,
            round=round_,
            position=index,
            action=spec.action,
            role=spec.role,
            status=ChainStep.Status.ACTIVE if index == 1 else ChainStep.Status.PENDING,
            opened_at=now if index == 1 else None,
        )
        for index, spec in enumerate(specs, start=1)
    )
    return steps


def chain_advance(*, step: ChainStep, now=None) -> ChainStep | None:
    """Open the step after `step` (now done); None when `step` was the last."""
    following = (
        ChainStep.objects.filter(trip_id=step.trip_id, round=step.round, position__gt=step.position)
        .order_by("position")
        .first()
    )
    if following is not None:
        following.status = ChainStep.Status.ACTIVE
        following.opened_at = now or timezone.now()
        following.save(update_fields=["status", "opened_at"])
    return following


def chain_close(*, trip) -> None:
    """The request left the chain (rejected, returned, withdrawn): nothing waits any more."""
    trip.chain_steps.filter(status__in=[ChainStep.Status.PENDING, ChainStep.Status.ACTIVE]).update(
        status=ChainStep.Status.CLOSED
    )


# --- who takes a step, and as whom ---------------------------------------------------------


def is_involved(user, trip) -> bool:
    """Created the request, or travels on it (core.workflow's one definition)."""
    return core_is_involved(
        user, created_by_id=trip.created_by_id, is_member=lambda: trip.travels_with(user)
    )


def actor_for_step(user, step: ChainStep, *, day=None) -> Substitution | None:
    """May `user` take `step`? Returns the substitution they act under (None: in their own
    right); raises PermissionDenied otherwise. Nobody acts on a request they created or
    travel on, even as a substitute; nor for a principal who is involved in it."""
    day = day or timezone.localdate()
    trip = step.trip
    if is_involved(user, trip):
        raise PermissionDenied(_("Không được xử lý hồ sơ do mình lập hoặc mình là thành viên."))
    # A named substitute acts for the principal even when holding the role (issue 23).
    substitution = (
        Substitution.objects.active_on(day)
        .filter(substitute=user, principal__groups__name=step.role)
        .select_related("principal")
        .order_by("id")
        .first()
    )
    if substitution is not None and is_involved(substitution.principal, trip):
        if step.role not in user.own_role_names():
            raise PermissionDenied(
                _("Người ủy quyền có liên quan đến hồ sơ này: không được xử lý thay.")
            )
        substitution = None
    if substitution is None and step.role not in user.own_role_names():
        raise PermissionDenied(_("Bước này không thuộc thẩm quyền của bạn."))
    require_separate(user, step, substitution, chain_of(trip))
    return substitution


def record_step(*, step: ChainStep, actor, substitution, status, note="", now=None, **party):
    """Write who took the step, as whom, when and with what outcome."""
    step.status = status
    step.actor = actor
    step.substitution = substitution
    step.acting_for = substitution.principal if substitution else None
    step.at = now or timezone.now()
    step.note = (note or "").strip()
    for name, value in party.items():
        setattr(step, f"party_{name}", value)
    step.save()
    return step


class StepNotReady(TransitionNotAllowed):
    """The request waits at another step (e.g. approving before the Party committee's opinion
    is recorded): a conflict with its state (API: 409)."""

    def __init__(self, trip, step):
        self.status = trip.status
        self.message = _("Hồ sơ đang chờ bước “%(step)s”: chưa thể thực hiện thao tác này.") % {
            "step": step.get_action_display()
        }
        Exception.__init__(self, self.message)


def chain_gate(trip, actions: set[str]) -> ChainStep | None:
    """The step the request waits at, if it is one of `actions` (None for a request
    submitted before chains were stored); StepNotReady (409) when it waits at another."""
    step = waiting_step(trip)
    if step is not None and step.action not in actions:
        raise StepNotReady(trip, step)
    return step


def step_holders(step: ChainStep):
    """The step's principals (its role, held in their own right) and their substitutes today;
    nobody involved in the request."""
    from accounts.models import User

    today = timezone.localdate()
    substitutes = Substitution.objects.active_on(today).filter(principal__groups__name=step.role)
    people = User.objects.filter(is_active=True).filter(
        Q(groups__name=step.role) | Q(pk__in=substitutes.values("substitute_id"))
    )
    travellers = step.trip.members.exclude(official__user=None).values("official__user_id")
    return (
        User.objects.filter(pk__in=people.values("pk"))
        .exclude(pk=step.trip.created_by_id)
        .exclude(pk__in=travellers)
    )


NOT_ALLOWED = object()


def step_permission(user, step: ChainStep):
    """The substitution `user` would take `step` under (None: in their own right), or
    NOT_ALLOWED: worked out once per step and request (trips.workflow.trip_relation)."""
    if not getattr(user, "is_authenticated", False):
        return NOT_ALLOWED
    try:
        return actor_for_step(user, step)
    except PermissionDenied:
        return NOT_ALLOWED


def signature_role(step: ChainStep) -> str:
    """The signature block's prefix under the Vietnamese conventions (Decree 30/2020 Art. 13):
    "" in one's own right; "Q." acting head; "KT." a deputy who holds the role signing for
    the head; "TUQ." someone authorised who does not hold the role. A substitution's own
    `signs_as` wins when set."""
    if step.substitution_id is None:
        return ""
    substitution = step.substitution
    if substitution.signs_as:
        return substitution.signs_as
    if step.actor is not None and step.role in step.actor.own_role_names():
        return "KT."
    return "TUQ."


@checks.register(checks.Tags.compatibility)
def check_approval_chains(app_configs=None, **kwargs):
    """A broken APPROVAL_CHAINS stops `manage.py check` and the start-up, not a submission."""
    try:
        parse_chains(configured_chains())
    except (ImproperlyConfigured, AttributeError, TypeError) as broken:
        return [checks.Error(str(broken), id="trips.E101", hint="README, 'Approval chain'")]
    return []
