"""Who a user is to an object: the one place that works out author, member and reviewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    """`author`: staff of the agency the object belongs to. `creator`: the user who made it.
    `member`: travels on it (worked out for those who decide). `reviewer`, `decider`,
    `admin`, `custodian`: the user's roles."""

    author: bool = False
    creator: bool = False
    member: bool = False
    reviewer: bool = False
    decider: bool = False
    admin: bool = False
    custodian: bool = False

    @property
    def involved(self) -> bool:
        """Created the object or travels on it: nobody decides their own request (POLICY.md)."""
        return self.creator or self.member

    @property
    def impartial_reviewer(self) -> bool:
        return self.reviewer and not self.involved

    @property
    def reviewer_or_admin(self) -> bool:
        return self.reviewer or self.admin


def staff_of(user, agency_id) -> bool:
    """Agency staff of this agency: the authors of its requests, plans and reports."""
    return bool(user.is_agency_staff) and user.agency_id == agency_id


def keeper(user) -> bool:
    """Custodians, and the administrator who stands in for them (the passport register)."""
    return bool(user.is_custodian or user.is_administrator)


def is_involved(user, *, created_by_id, is_member: Callable[[], bool]) -> bool:
    """`Relation.involved` for one who is not (yet) given a relation, e.g. the principal a
    substitute acts for."""
    return created_by_id == user.pk or is_member()


def relation_of(
    user,
    *,
    agency_id,
    created_by_id=None,
    is_member: Callable[[], bool] | None = None,
) -> Relation:
    """`is_member` is called only when the answer matters (one who decides), so that the
    pages of the agency's staff cost no query for it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Relation()
    reviewer, decider = bool(user.is_reviewer), bool(user.is_decider)
    return Relation(
        author=staff_of(user, agency_id),
        creator=created_by_id is not None and created_by_id == user.pk,
        member=bool((reviewer or decider) and is_member and is_member()),
        reviewer=reviewer,
        decider=decider,
        admin=bool(user.is_administrator),
        custodian=bool(user.is_custodian),
    )


# Who may take an action: predicates on the relation.
def AUTHOR(rel: Relation) -> bool:
    return rel.author


def REVIEWER(rel: Relation) -> bool:
    return rel.impartial_reviewer


def ADMIN(rel: Relation) -> bool:
    return rel.admin


def CUSTODIAN(rel: Relation) -> bool:
    return rel.custodian


def NOBODY(rel: Relation) -> bool:
    """Actions only the system takes (the daily sweep): never offered to a user."""
    return False
