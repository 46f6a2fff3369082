"""In what capacity a decision is signed, and the titles its block prints (Decree 30/2020,
Art. 13 and Appendix I; AUTHORITY.md "Signing capacity"), from the signer's position in the
issuing body, the substitution they act under, and whether the decision is the collective's:

- the head in their own right: "" and the head's title (CHỦ TỊCH);
- a deputy, always, with or without a substitution: "KT. CHỦ TỊCH" over their own title;
- an acting head: "Q. CHỦ TỊCH";
- the office chief by substitution (written authorisation): "TUQ. CHỦ TỊCH" over their own
  title;
- a unit head the head assigned to sign by order (position kind "unit_head"): "TL. GIÁM ĐỐC"
  over their own title (CHÁNH VĂN PHÒNG, TRƯỞNG PHÒNG...);
- a collective decision (authority.Authority.collective, e.g. the People's Committee's): "TM."
  before the collective's name on a line of its own, over the head's block: "TM. ỦY BAN NHÂN
  DÂN" / "CHỦ TỊCH"; a deputy "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH"
  (Appendix I). Only the head, a deputy or an acting head sign for the collective.

A substitution's `signs_as` still wins where the administrator set it. Nobody's title is ever
a default: a signer holding no position of the body prints the head's title only as the head's
substitute (TUQ.), never as the head.
"""

from __future__ import annotations

import dataclasses
import functools

from django.db.models import F, Q
from django.utils import timezone

from authority.models import Body, Position
from authority.selectors import HEAD_UNKNOWN
from core.rawsql import columns, fetch, instances

K = Position.Kind
# The capacity each kind of position signs in; the first held wins.
CAPACITY = [
    (K.HEAD, ""),
    (K.ACTING_HEAD, "Q."),
    (K.DEPUTY, "KT."),
    (K.OFFICE_CHIEF, "TUQ."),
    (K.UNIT_HEAD, "TL."),
]
COLLECTIVE = "TM."
# The capacities that may sign for a collective (under "TM."): its leaders'.
FOR_THE_COLLECTIVE = {"", "KT.", "Q."}


@dataclasses.dataclass(frozen=True)
class Capacity:
    signed_as: str  # "", "KT.", "Q.", "TUQ.", "TL.", "TM.", "TM. KT.", "TM. Q."
    title: str  # the signer's own title, printed above the name
    head_title: str  # whom they sign for: printed after "KT." / "Q." / "TUQ." / "TL."
    acting_for: str = ""  # the principal's username under a substitution
    collective: str = ""  # the body as a collective, printed after "TM." (ỦY BAN NHÂN DÂN)


def collective_name(body: Body) -> str:
    """The collective a "TM." block names: the first line of the body's header (ỦY BAN NHÂN
    DÂN, for "ỦY BAN NHÂN DÂN / TỈNH ..."), capitals as printed."""
    return body.header_lines[0].upper()


def for_the_collective(signed_as: str) -> str:
    """ "TM." put before a leader's capacity: "" → "TM.", "KT." → "TM. KT."."""
    return f"{COLLECTIVE} {signed_as}".strip()


def body_positions(body: Body, actor):
    """The body's head positions and those `actor` holds in it, held ones first (the newest
    first): the ORM's definition of what `_head_and_held` reads by hand."""
    return Position.objects.filter(Q(kind=K.HEAD) | Q(holder=actor), body=body).order_by(
        F("holder").desc(nulls_last=True), "-starts_on", "-id"
    )


@functools.cache
def _body_positions_sql() -> str:
    table = Position._meta.db_table
    return (
        f"SELECT {columns(Position, 'p')} FROM {table} p "
        "WHERE p.body_id = %s AND (p.kind = %s OR p.holder_id = %s) "
        "ORDER BY p.holder_id DESC NULLS LAST, p.starts_on DESC, p.id DESC"
    )


def _head_and_held(body: Body, actor, day) -> tuple[str, dict]:
    """The head's title (authority.selectors.head_title) and the positions `actor` holds in
    the body on `day` (kind: title), from one read of the body's head and actor's positions:
    `body_positions`, hand-written (each decision step asks it; the ORM compiled it longer
    than the database ran it; held equal in authority/tests/test_body_positions.py)."""
    positions = instances(Position, fetch(_body_positions_sql(), [body.pk, K.HEAD, actor.pk]))
    head, held = None, {}
    for position in positions:
        if position.kind == K.HEAD and head is None:
            head = position.title
        if position.holder_id == actor.pk:
            position.holder = actor  # its holder, known: not joined to every read
    for position in sorted(positions, key=lambda p: p.pk):  # two of a kind: the newest
        if position.holder_id == actor.pk and position.is_held_on(day):
            held[position.kind] = position.title.upper()
    return (head or HEAD_UNKNOWN).upper(), held


def capacity_of(*, actor, body: Body, substitution=None, day=None, collective=False) -> Capacity:
    day = day or timezone.localdate()
    head, held = _head_and_held(body, actor, day)
    acting_for = substitution.principal.username if substitution is not None else ""
    signed_as, title = next(
        ((capacity, held[kind]) for kind, capacity in CAPACITY if kind in held), (None, "")
    )
    if signed_as is None:  # no position of the body: only as someone's substitute
        signed_as = "TUQ." if substitution is not None else ""
        title = title or head
    if substitution is not None and substitution.signs_as:
        signed_as = substitution.signs_as
    if collective and signed_as in FOR_THE_COLLECTIVE:
        signed_as = for_the_collective(signed_as)
    return Capacity(
        signed_as=signed_as,
        title=title,
        head_title=head,
        acting_for=acting_for,
        collective=collective_name(body),
    )
