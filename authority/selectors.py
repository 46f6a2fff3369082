"""Who holds what, and which authority a request falls under (issue 23)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from authority.models import Authority, Body, Position
from authority.rules import ACTION_LABELS
from core.rawsql import columns, fetch, instances
from core.search import fold_in_python


def positions_held(user, day: dt.date | None = None) -> QuerySet[Position]:
    """The positions `user` holds on `day` (today by default), with their bodies."""
    if user is None or user.pk is None:
        return Position.objects.none()
    day = day or timezone.localdate()
    return Position.objects.held_on(day).filter(holder=user).select_related("body")


def holders_of(body_id, kinds: Iterable[str], day: dt.date | None = None) -> QuerySet[Position]:
    """The positions of `body_id` of one of `kinds` held on `day`."""
    day = day or timezone.localdate()
    return Position.objects.held_on(day).filter(body_id=body_id, kind__in=list(kinds))


def body_for_agency(agency) -> Body:
    """The agency's own issuing body, read only: the agency's save path made it and keeps its
    name (services.agency_body_sync). Remembered on the agency object (a submission asks
    twice: the chain and the proposal's header)."""
    cached = agency.__dict__.get("_authority_body")
    if cached is None:
        cached = agency_body(agency)
        agency.__dict__["_authority_body"] = cached
    return cached


def agency_body(agency) -> Body:
    """The same, read afresh (a symbol changed since the agency object was loaded): the ORM's
    `Body.objects.select_related("parent").get(agency=agency)` by hand, one statement that
    each submission sends and the ORM spent longer compiling than the database running."""
    table = connection.ops.quote_name(Body._meta.db_table)
    rows = fetch(
        f"SELECT {columns(Body, 'b')}, {columns(Body, 'p')} FROM {table} b "
        f"LEFT JOIN {table} p ON p.id = b.parent_id WHERE b.agency_id = %s",
        [agency.pk],
    )
    if not rows:  # one at most: a body's agency is one-to-one
        raise Body.DoesNotExist(f"Body matching query does not exist (agency {agency.pk}).")
    [body] = instances(Body, rows)
    [body.parent] = instances(Body, rows, start=len(Body._meta.concrete_fields))
    return body


HEAD_UNKNOWN = "THỦ TRƯỞNG"  # the head's title where the body records no head position


def authority_for(*, level: str, kind: str) -> Authority | None:
    """The authority of a level for a kind of trip: its own if the province set one, the
    level's otherwise."""
    # By hand, unordered (one row a kind): each submission asks, and the ORM spent longer
    # compiling the filter than the database running it.
    found = instances(
        Authority,
        fetch(
            f"SELECT {columns(Authority, 'a')} "
            f"FROM {connection.ops.quote_name(Authority._meta.db_table)} a "
            "WHERE a.level = %s AND a.kind IN (%s, '')",
            [level, kind],
        ),
    )
    rows = {a.kind: a for a in found}
    return rows.get(kind) or rows.get("")


# The pages (authority.views): the bodies, positions and authorities anyone signed in may
# read (as the API's bodies/, positions/, authorities/), each list in a fixed number of queries.


def bodies_listed(text: str = "") -> list[Body]:
    """Every body (a few hundred at most: folded in Python), matching `text` in its name or
    symbol whatever the accents. One query."""
    rows = Body.objects.select_related("parent", "agency").order_by("id")
    return fold_in_python(rows, text, key=lambda b: f"{b.symbol} {b.name}")


def positions_listed(text: str = "", body_id=None) -> list[Position]:
    """Positions, by body then kind, matching `text` (whatever the accents) in the title, the
    holder's name or login, or the body's name or symbol. One query."""
    rows = Position.objects.select_related("body", "holder").order_by("body_id", "kind", "id")
    if body_id:
        rows = rows.filter(body_id=body_id)
    return fold_in_python(rows, text, key=_position_words)


def _position_words(position: Position) -> str:
    holder = position.holder
    who = f"{holder.get_full_name()} {holder.username}" if holder else ""
    return f"{position.title} {who} {position.body.name} {position.body.symbol}"


@dataclasses.dataclass(frozen=True)
class StepRow:
    action: str
    body: str
    positions: str


@dataclasses.dataclass(frozen=True)
class AuthorityRow:
    authority: Authority
    issuing_body: str
    steps: list[StepRow]


def authority_rows() -> list[AuthorityRow]:
    """Each authority with its steps spelt out (the action, the body's name, the kinds of
    position). Two queries: the authorities with their bodies, the bodies their steps name."""
    rows = list(Authority.objects.select_related("issuing_body").order_by("level", "kind"))
    named = {s.get("body") for a in rows for s in a.steps if isinstance(s, dict)} - {None}
    names = dict(Body.objects.filter(pk__in=named).values_list("pk", "name")) if named else {}
    kinds = dict(Position.Kind.choices)
    own = _("Cơ quan, đơn vị của người được cử")
    return [
        AuthorityRow(
            authority=row,
            issuing_body=row.issuing_body.name if row.issuing_body_id else own,
            steps=[
                StepRow(
                    action=ACTION_LABELS.get(s.get("action"), s.get("action")),
                    body=names.get(s.get("body"), own) if s.get("body") else own,
                    positions=", ".join(str(kinds.get(k, k)) for k in s.get("positions", [])),
                )
                for s in row.steps
                if isinstance(s, dict)
            ],
        )
        for row in rows
    ]
