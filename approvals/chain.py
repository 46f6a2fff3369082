"""The approval chain (issues 13, 23): which steps a request goes through, stored when submitted.

The steps are the competent authority's for the members' highest management level and the
kind of trip (authority.Authority, data the administrator sets): each names an action, a body
(None: the requesting agency's own) and the kinds of position that may take it. `chain_open`
stores them, the body resolved, with the request, so that a later change of the authority
does not rewrite a chain already under way. Who may take the step that waits, and as whom (a
substitute "acting for" a principal), is `actor_for_step`: positions decide steps, roles only
open pages.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Substitution
from agencies.models import Official
from approvals.duties import own_agency_allows, require_separate
from approvals.models import ChainStep
from authority.models import Authority
from authority.selectors import authority_for, body_for_agency
from core import rawsave
from core.rawsql import as_prefetched, columns, fetch, instances, placeholders
from core.workflow import is_involved as core_is_involved
from core.workflow import memo
from core.workflow.transition import MEMO
from trips.exceptions import TransitionNotAllowed

Level = Official.ManagementLevel
Action = ChainStep.Action

# Highest first: a delegation with one standing-committee member takes that member's chain.
LEVEL_ORDER = [Level.STANDING_COMMITTEE, Level.PROVINCE, Level.AGENCY]
# Every step a chain may wait at (return and reject are taken at any of them).
ANY_STEP = frozenset(Action.values)
# The statuses of a step not yet taken.
OPEN = (ChainStep.Status.PENDING, ChainStep.Status.ACTIVE)


@dataclasses.dataclass(frozen=True)
class StepSpec:
    action: str
    body_id: int | None  # None: the requesting agency's own body
    kinds: tuple[str, ...]


def highest_level(levels: Iterable[str]) -> str:
    present = set(levels)
    return next((level for level in LEVEL_ORDER if level in present), Level.AGENCY)


def steps_of(authority: Authority) -> list[StepSpec]:
    return [
        StepSpec(step["action"], step.get("body"), tuple(step["positions"]))
        for step in authority.steps
    ]


class NoAuthority(TransitionNotAllowed):
    """No authority is set for the level: the administrator must set one (API: 409)."""

    def __init__(self, trip, level):
        self.status = trip.status
        self.message = _(
            "Chưa thiết lập thẩm quyền quyết định cho diện “%(level)s”: đề nghị quản trị hệ "
            "thống thiết lập."
        ) % {"level": Level(level).label}
        Exception.__init__(self, self.message)


def authority_of(trip, levels: Iterable[str]) -> Authority:
    level = highest_level(levels)
    authority = authority_for(level=level, kind=trip.kind)
    if authority is None:
        raise NoAuthority(trip, level)
    return authority


# --- the stored chain --------------------------------------------------------------------


def chain_prefetch() -> Prefetch:
    """For lists and pages that show chains: the steps with their people, one query."""
    # The body with its parent: the decision's issuing body is its step's (documents.services
    # .decision_body), read from the chain the move kept. Each join costs every chain read.
    # Unordered: chain_of sorts the steps, and an ORDER BY makes Django hash each of the ~90
    # selected columns while compiling (a third of the read's CPU).
    return Prefetch(
        "chain_steps",
        queryset=ChainStep.objects.select_related("actor", "acting_for", "body__parent").order_by(),
    )


def read_chain(trip) -> None:
    """`chain_prefetch()` for one request, hand-written: a move reads it at every step, and
    five-sixths of the ORM's read was compiling its four joins (held equal in
    approvals/tests/test_read_chain.py)."""
    from accounts.models import User
    from authority.models import Body

    rows = fetch(_chain_sql(), [trip.pk])
    step_end = len(ChainStep._meta.concrete_fields)
    user_end = step_end + len(User._meta.concrete_fields) * 2
    steps = instances(ChainStep, rows)
    actors = instances(User, rows, start=step_end)
    acting = instances(User, rows, start=step_end + len(User._meta.concrete_fields))
    bodies = instances(Body, rows, start=user_end)
    parents = instances(Body, rows, start=user_end + len(Body._meta.concrete_fields))
    for step, actor, principal, body, parent in zip(
        steps, actors, acting, bodies, parents, strict=True
    ):
        if body is not None:
            body.parent = parent
        step.trip, step.actor, step.acting_for, step.body = trip, actor, principal, body
    as_prefetched(trip, "chain_steps", steps)


@functools.cache
def _chain_sql() -> str:
    from accounts.models import User
    from authority.models import Body

    users, bodies = User._meta.db_table, Body._meta.db_table
    return (
        f"SELECT {columns(ChainStep, 's')}, {columns(User, 'a')}, {columns(User, 'f')}, "
        f"{columns(Body, 'b')}, {columns(Body, 'p')} FROM {ChainStep._meta.db_table} s "
        f"LEFT JOIN {users} a ON a.id = s.actor_id "
        f"LEFT JOIN {users} f ON f.id = s.acting_for_id "
        f"LEFT JOIN {bodies} b ON b.id = s.body_id "
        f"LEFT JOIN {bodies} p ON p.id = b.parent_id "
        "WHERE s.trip_id = %s"
    )


def chain_of(trip) -> list[ChainStep]:
    """The steps of the request's latest submission, in order (empty before submission).
    Reads `trip.chain_steps.all()`, so a list that prefetched them costs no query here."""
    if "chain_steps" not in getattr(trip, "_prefetched_objects_cache", {}):
        read_chain(trip)
    steps = list(trip.chain_steps.all())
    if not steps:
        return []
    latest = max(s.round for s in steps)
    return sorted((s for s in steps if s.round == latest), key=lambda s: s.position)


def active_step(trip) -> ChainStep | None:
    """The step the request waits at now, read afresh."""
    return trip.chain_steps.filter(status=ChainStep.Status.ACTIVE).first()


def _active_in(steps) -> ChainStep | None:
    # At most one step of a request is active (chain_one_active_step), always of its latest
    # round: chain_open closes what an earlier round left open.
    return next((s for s in steps if s.status == ChainStep.Status.ACTIVE), None)


def waiting_step(trip) -> ChainStep | None:
    """The step the request waits at, found in its chain (`chain_of`: one query, which the
    permissions and the step's recording then share) once per trip object; a service reads it
    on its locked row. `transition()` forgets it when the request moves, but keeps the chain
    for the move's notices and observers (TRIP_WORKFLOW's `kept_on_move`): the functions
    below keep that chain current as they write its steps."""
    return memo(
        trip, "waiting_step", lambda: _active_in(chain_of(trip)) if _may_wait(trip) else None
    )


def _may_wait(trip) -> bool:
    # A step is active only while the request is being decided: a draft was never submitted,
    # and every move out of deciding closes or completes its chain (chain_close, the last
    # step taken). Nothing to read for the others.
    return trip.pk is not None and trip.status in trip.DECIDING_STATUSES


def _cached_chain(trip) -> list[ChainStep] | None:
    """The chain steps prefetched on `trip`, if they are (none are read here)."""
    cache = getattr(trip, "_prefetched_objects_cache", {})
    return list(cache["chain_steps"]) if "chain_steps" in cache else None


def _forget_chain(trip) -> None:
    getattr(trip, "_prefetched_objects_cache", {}).pop("chain_steps", None)
    trip.__dict__.get(MEMO, {}).pop("waiting_step", None)


def waits_at(*actions, legacy=False):
    """A condition for the transition table: the request waits at one of `actions` (or,
    with `legacy`, has no stored chain at all)."""

    def condition(trip) -> bool:
        step = waiting_step(trip)
        return (step is None and legacy) or (step is not None and step.action in actions)

    return condition


def chain_open(*, trip, now=None) -> list[ChainStep]:
    """Store a new chain for a request being submitted (inside the submitting transaction):
    the authority's steps for the members' levels now, each with its body (the requesting
    agency's own where the authority says so), its first step waiting from now."""
    now = now or timezone.now()
    authority = authority_of(trip, _member_levels(trip))
    own = body_for_agency(trip.agency)
    # The earlier rounds, in one read: the next round's number, and whether any step is still
    # open (a returned request's chain was closed on return). A draft was never submitted (no
    # move of the table leads back to it): it has none, and costs no read.
    earlier = []
    if trip.status != trip.Status.DRAFT:
        earlier = list(trip.chain_steps.values_list("round", "status"))
    if any(status in OPEN for _, status in earlier):
        chain_close(trip=trip)  # whatever was still open of an earlier round stops here
    round_ = max((r for r, _ in earlier), default=0) + 1
    specs = steps_of(authority)
    steps = ChainStep.objects.bulk_create(
        ChainStep(
            trip=trip,
            round=round_,
            position=index,
            action=spec.action,
            **({"body_id": spec.body_id} if spec.body_id else {"body": own}),
            kinds=ChainStep.joined(spec.kinds),
            # The decision's issuing body, fixed with the chain like its steps.
            issuing_body_id=(authority.issuing_body_id or own.pk)
            if spec.action == Action.DECIDE
            else None,
            collective=authority.collective if spec.action == Action.DECIDE else None,
            status=ChainStep.Status.ACTIVE if index == 1 else ChainStep.Status.PENDING,
            opened_at=now if index == 1 else None,
        )
        for index, spec in enumerate(specs, start=1)
    )
    _remember_chain(trip, steps)
    return steps


def _member_levels(trip) -> list[str]:
    """The members' management levels: from the members prefetched with their officials
    (the submission reads them once), else one query."""
    members = trip.members_read()
    if members is not None:
        return [m.official.management_level for m in members]
    return list(trip.members.values_list("official__management_level", flat=True))


def _remember_chain(trip, steps) -> None:
    """The new round on the trip object as `chain_of` reads it (the chain_steps prefetched,
    as prefetch_related_objects leaves them), for the submission's notices and observers:
    chain_of reads the latest round only, and transition() forgets it when it returns."""
    _forget_chain(trip)
    cached = trip.chain_steps.all()
    cached._result_cache, cached._prefetch_done = list(steps), True
    trip.__dict__.setdefault("_prefetched_objects_cache", {})["chain_steps"] = cached


def _open_following(step: ChainStep, now=None) -> ChainStep | None:
    """The step after `step`, made active (not saved); None when `step` was the last. Found
    in the chain `step` was read with (the service's waiting_step), so that the chain on the
    trip object stays current without a read."""
    steps = _cached_chain(step.trip)
    if steps is None or not any(s is step for s in steps):
        steps = ChainStep.objects.filter(trip_id=step.trip_id, round=step.round)
    following = min(
        (s for s in steps if s.round == step.round and s.position > step.position),
        key=lambda s: s.position,
        default=None,
    )
    if following is not None:
        following.status = ChainStep.Status.ACTIVE
        following.opened_at = now or timezone.now()
    return following


def chain_advance(*, step: ChainStep, now=None) -> ChainStep | None:
    """Open the step after `step` (now done); None when `step` was the last."""
    following = _open_following(step, now)
    if following is not None:
        rawsave.update(following, ["status", "opened_at"])
    return following


def chain_close(*, trip) -> None:
    """The request left the chain (rejected, returned, withdrawn): nothing waits any more.
    The chain on the trip object, if read, is closed with the rows."""
    trip.chain_steps.filter(status__in=OPEN).update(status=ChainStep.Status.CLOSED)
    for step in _cached_chain(trip) or ():
        if step.status in OPEN:
            step.status = ChainStep.Status.CLOSED
    trip.__dict__.get(MEMO, {}).pop("waiting_step", None)


# --- who takes a step, and as whom ---------------------------------------------------------


def is_involved(user, trip, is_member=None) -> bool:
    """Created the request, or travels on it (core.workflow's one definition). `is_member`:
    the caller's answer to "travels on it?", asked once per relation (trip_relation)."""
    return core_is_involved(
        user,
        created_by_id=trip.created_by_id,
        is_member=is_member or (lambda: trip.travels_with(user)),
    )


def actor_for_step(user, step: ChainStep, *, day=None, is_member=None) -> Substitution | None:
    """May `user` take `step`? Returns the substitution they act under (None: in their own
    right, holding one of the step's positions); raises PermissionDenied otherwise. Nobody
    acts on a request they created or travel on, even as a substitute; nor for a principal
    who is involved in it; a person of the requesting agency only in their own right."""
    day = day or timezone.localdate()
    trip = step.trip
    if is_involved(user, trip, is_member):
        raise PermissionDenied(_("Không được xử lý hồ sơ do mình lập hoặc mình là thành viên."))
    holds, substitution = _holds_or_substitutes(user, step, day)
    if substitution is not None and _may_not_act_for(user, substitution.principal, step):
        if not holds:
            raise PermissionDenied(
                _("Người ủy quyền có liên quan đến hồ sơ này: không được xử lý thay.")
                if is_involved(substitution.principal, trip)
                else _("Người của cơ quan đề nghị không được xử lý hồ sơ của cơ quan mình.")
            )
        substitution = None  # acts in their own right
    if substitution is None and not holds:
        raise PermissionDenied(_("Bước này không thuộc thẩm quyền của bạn."))
    require_separate(user, step, substitution, chain_of(trip))
    return substitution


# Whether a user holds one of a step's positions on a day, and the first substitution they
# hold for one of its holders: asked at every move and for every waiting request shown, so
# written in SQL (core/rawsql.py: the ORM spent ~3 ms compiling its nested subqueries). The
# conditions are Position.objects.held_on's and Substitution.objects.active_on's;
# approvals/tests/test_may_take_step.py holds the two equal on random people and dates.
_HELD = """
    FROM authority_position p JOIN accounts_user h ON h.id = p.holder_id
    WHERE p.body_id = %s AND p.kind IN ({kinds}) AND h.is_active
      AND p.starts_on <= %s AND (p.ends_on IS NULL OR p.ends_on >= %s)
"""
_HOLDS_OR_SUBSTITUTES = """
    SELECT EXISTS (SELECT 1 {held} AND p.holder_id = %s),
           (SELECT s.id FROM accounts_substitution s
              JOIN accounts_user pu ON pu.id = s.principal_id
              JOIN accounts_user su ON su.id = s.substitute_id
             WHERE s.substitute_id = %s AND s.revoked_at IS NULL
               AND s.starts_on <= %s AND s.ends_on >= %s AND pu.is_active AND su.is_active
               AND s.principal_id IN (SELECT p.holder_id {held})
             ORDER BY s.id LIMIT 1)
"""


def _holds_or_substitutes(user, step, day) -> tuple[bool, Substitution | None]:
    """Whether `user` holds one of the step's positions on `day`, and the substitution they
    hold for one of their holders (a named substitute acts for the principal even when holding
    a position, issue 23): one query, a second only to read a substitution found."""
    kinds = list(step.kind_list)
    if not kinds:
        return False, None
    held = _HELD.format(kinds=placeholders(kinds))
    positions = [step.body_id, *kinds, day, day]
    [(holds, substitution_id)] = fetch(
        _HOLDS_OR_SUBSTITUTES.format(held=held),
        [*positions, user.pk, user.pk, day, day, *positions],
    )
    if substitution_id is None:
        return bool(holds), None
    return bool(holds), Substitution.objects.select_related("principal").get(pk=substitution_id)


# Who may take a step on a day, as a set of logins for the notices of every move that opens
# one: the same conditions as above (held equal to the ORM's in test_may_take_step.py).
_TAKERS = """
    SELECT p.holder_id {held}
    UNION
    SELECT s.substitute_id FROM accounts_substitution s
      JOIN accounts_user pu ON pu.id = s.principal_id
      JOIN accounts_user su ON su.id = s.substitute_id
     WHERE s.revoked_at IS NULL AND s.starts_on <= %s AND s.ends_on >= %s
       AND pu.is_active AND su.is_active
       AND s.principal_id IN (SELECT p.holder_id {held})
"""


def step_takers(step, day):
    """The active logins holding one of the step's positions on `day`, and their substitutes
    then: a queryset whose condition is one SQL subquery (the ORM's nested ones cost ~1.5 ms
    to build and compile at each move)."""
    from accounts.models import User

    kinds = list(step.kind_list)
    if not kinds:
        return User.objects.none()
    held = _HELD.format(kinds=placeholders(kinds))
    positions = [step.body_id, *kinds, day, day]
    takers = RawSQL(_TAKERS.format(held=held), [*positions, day, day, *positions])
    return User.objects.filter(is_active=True, pk__in=takers)


def _may_not_act_for(user, principal, step) -> bool:
    """Never for an involved principal; never as a substitute on one's own agency's request
    (approvals.duties.own_agency_allows)."""
    return is_involved(principal, step.trip) or not own_agency_allows(user, step, principal)


def record_step(
    *, step: ChainStep, actor, substitution, status, note="", now=None, advance=False, **party
):
    """Write who took the step, as whom, when and with what outcome; with `advance`, open the
    next step too (chain_advance: found in the chain on the trip object, no read)."""
    step.status = status
    step.actor = actor
    step.substitution = substitution
    step.acting_for = substitution.principal if substitution else None
    step.at = now or timezone.now()
    step.note = (note or "").strip()
    written = ["status", "actor", "substitution", "acting_for", "at", "note"]
    for name, value in party.items():
        setattr(step, f"party_{name}", value)
        written.append(f"party_{name}")
    rawsave.update(step, written)
    if advance:
        # Saved after the step: one UPDATE of both would meet chain_one_active_step (checked
        # row by row on PostgreSQL) whenever it reached the next step first.
        chain_advance(step=step, now=now)
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
    """The holders of the step's positions and their substitutes today; nobody involved in
    the request, nor (unless the step is the agency's own body's) of the requesting agency."""
    people = step_takers(step, timezone.localdate())
    people = people.exclude(pk=step.trip.created_by_id)
    people = people.exclude(pk__in=step.trip.traveller_logins())
    if step.body is None or step.body.agency_id != step.trip.agency_id:
        people = people.exclude(agency_id=step.trip.agency_id)
    return people


NOT_ALLOWED = object()


def step_permission(user, step: ChainStep, *, is_member=None):
    """The substitution `user` would take `step` under (None: in their own right), or
    NOT_ALLOWED: worked out once per step and request (approvals.workflow.trip_relation)."""
    if not getattr(user, "is_authenticated", False):
        return NOT_ALLOWED
    try:
        return actor_for_step(user, step, is_member=is_member)
    except PermissionDenied:
        return NOT_ALLOWED
