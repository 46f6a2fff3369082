"""Who a user is to an object: the one place that works out author, member and reviewer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Relation:
    """`author`: staff of the agency the object belongs to. `creator`: the user who made it.
    `member`: travels on it. `reviewer`, `admin`, `custodian`: the user's roles."""

    author: bool = False
    creator: bool = False
    member: bool = False
    reviewer: bool = False
    admin: bool = False
    custodian: bool = False

    @property
    def impartial_reviewer(self) -> bool:
        """A reviewer who neither created the object nor travels on it: nobody decides their
        own request (POLICY.md)."""
        return self.reviewer and not self.creator and not self.member

    @property
    def reviewer_or_admin(self) -> bool:
        return self.reviewer or self.admin


def relation_of(
    user,
    *,
    agency_id,
    created_by_id=None,
    is_member: Callable[[], bool] | None = None,
) -> Relation:
    """`is_member` is called only when the answer matters (a reviewer), so that the pages of
    the agency's staff cost no query for it."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Relation()
    reviewer = bool(user.is_reviewer)
    return Relation(
        author=bool(user.is_agency_staff) and user.agency_id == agency_id,
        creator=created_by_id is not None and created_by_id == user.pk,
        member=bool(reviewer and is_member and is_member()),
        reviewer=reviewer,
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
