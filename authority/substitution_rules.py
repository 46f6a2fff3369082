"""Who may be named a substitute (issue 23, AUTHORITY.md): separation of duties.

A substitute stands in the principal's position, so they must be able to hold it: a position
of the principal's body that may act for the principal's (authority.substitutes). Whether they may then take a step of a
given request (never their own agency's as a substitute, one step per person) is the chain's
(approvals.duties). Unknown and ineligible logins get the same answer, so that the form and the
API never reveal which logins exist.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import CHAIN_ROLES
from authority.substitutes import eligible_for

CHAIN_ROLE_VALUES = [role.value for role in CHAIN_ROLES]


def _not_eligible():
    return ValidationError(
        {"substitute": _("Người này không thể được ủy quyền thay cho người ủy quyền.")}
    )


def eligible_substitutes(principal=None):
    """Active people who may stand in for `principal` (for some principal when None: the
    administrator's form)."""
    people = User.objects.filter(is_active=True)
    if principal is not None:
        people = people.exclude(pk=principal.pk)
    return eligible_for(principal, people)


def require_eligible(principal, substitute) -> None:
    if not eligible_substitutes(principal).filter(pk=substitute.pk).exists():
        raise _not_eligible()


def length_errors(starts_on, ends_on) -> dict:
    longest = settings.SUBSTITUTION_MAX_DAYS
    if ends_on >= starts_on and (ends_on - starts_on).days + 1 > longest:
        return {
            "ends_on": _("Một lần ủy quyền không được dài quá %(days)s ngày.") % {"days": longest}
        }
    return {}


def resolve_people(actor, *, principal: str | None, substitute: str):
    """The principal and substitute named by username (API). Anyone but an administrator
    names only their own substitute (403 before any look-up); an unknown login is refused
    like an ineligible one."""
    if not principal or principal == actor.username:
        principal_user = actor
    elif not actor.is_administrator:
        raise PermissionDenied(_("Chỉ người ủy quyền hoặc quản trị hệ thống mới được thực hiện."))
    else:
        principal_user = User.objects.filter(
            Q(username=principal), is_active=True, groups__name__in=CHAIN_ROLE_VALUES
        ).first()
        if principal_user is None:
            raise ValidationError(
                {"principal": _("Người này không giữ vai trò trong quy trình phê duyệt.")}
            )
    substitute_user = eligible_substitutes(principal_user).filter(username=substitute).first()
    if substitute_user is None:
        raise _not_eligible()
    return principal_user, substitute_user
