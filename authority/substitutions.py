"""Ủy quyền / thay thế: naming a substitute for a reviewer or a decider, and revoking it.

The rules (API.md, settled details of 2026-11-28): no retroactive start; the principal holds a
chain role of their own; no chains (A→B→C): a principal who is a substitute in that period is
refused, and so is a substitute who has named a substitute of their own in it; only the
principal (or an administrator) names or revokes their substitute.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Substitution, SubstitutionEvent, User
from accounts.roles import CHAIN_ROLES
from authority.substitution_rules import length_errors, require_eligible


def holds_chain_role(user) -> bool:
    """A chain role of one's own (not one held as someone's substitute)."""
    own = set(user.groups.values_list("name", flat=True))
    return bool(own & {role.value for role in CHAIN_ROLES})


def may_manage_substitutions(user) -> bool:
    """Reviewers, deciders and agency heads (a substitute too: they see what they hold),
    administrators."""
    return user.is_authenticated and (
        user.is_administrator or user.is_reviewer or user.is_decider or user.is_agency_head
    )


def _require_may_act_for(actor, principal):
    if actor.is_administrator:
        return
    if actor.pk != principal.pk:
        raise PermissionDenied(_("Chỉ người ủy quyền hoặc quản trị hệ thống mới được thực hiện."))


def _validate(*, principal, substitute, starts_on, ends_on, today):
    errors = {}
    if starts_on < today:
        errors["starts_on"] = _("Không được ủy quyền từ một ngày đã qua.")
    if ends_on < starts_on:
        errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
    errors.update(length_errors(starts_on, ends_on))
    if principal.pk == substitute.pk:
        errors["substitute"] = _("Không thể tự ủy quyền cho chính mình.")
    elif not substitute.is_active:
        errors["substitute"] = _("Tài khoản người thay thế đã bị khóa.")
    if not holds_chain_role(principal):
        errors["principal"] = _(
            "Chỉ chuyên viên thẩm định hoặc lãnh đạo UBND tỉnh mới ủy quyền được."
        )
    if errors:
        raise ValidationError(errors)
    require_eligible(principal, substitute)
    period = Substitution.objects.overlapping(starts_on, ends_on)
    if period.filter(substitute=principal).exists():
        errors["principal"] = _(
            "Người ủy quyền đang là người thay thế của người khác trong thời gian này: "
            "không được ủy quyền tiếp."
        )
    if period.filter(principal=substitute).exists():
        errors["substitute"] = _(
            "Người thay thế đã ủy quyền cho người khác trong thời gian này: không được ủy quyền "
            "nối tiếp."
        )
    if period.filter(principal=principal).exists():
        errors["starts_on"] = _("Đã có một ủy quyền khác trong thời gian này.")
    if errors:
        raise ValidationError(errors)


def substitution_create(
    *,
    actor,
    principal: User,
    substitute: User,
    starts_on: dt.date,
    ends_on: dt.date,
    note: str = "",
    signs_as: str = "",
    today: dt.date | None = None,
) -> Substitution:
    """Name `substitute` to act for `principal` from `starts_on` to `ends_on` (inclusive)."""
    _require_may_act_for(actor, principal)
    today = today or timezone.localdate()
    with transaction.atomic():
        # Lock both people so that two overlapping substitutions cannot pass the checks at once.
        list(
            User.objects.select_for_update()
            .filter(pk__in=[principal.pk, substitute.pk])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        _validate(
            principal=principal,
            substitute=substitute,
            starts_on=starts_on,
            ends_on=ends_on,
            today=today,
        )
        substitution = Substitution.objects.create(
            principal=principal,
            substitute=substitute,
            starts_on=starts_on,
            ends_on=ends_on,
            note=(note or "").strip(),
            signs_as=signs_as or "",
            created_by=actor,
        )
        SubstitutionEvent.objects.create(
            substitution=substitution, action=SubstitutionEvent.Action.CREATED, actor=actor
        )
    return substitution


def substitution_revoke(*, actor, substitution: Substitution, note: str = "") -> Substitution:
    """End a substitution (kept for the record: past steps name whom they acted for)."""
    _require_may_act_for(actor, substitution.principal)
    with transaction.atomic():
        substitution = Substitution.objects.select_for_update().get(pk=substitution.pk)
        if substitution.revoked_at is None:
            substitution.revoked_at = timezone.now()
            substitution.save(update_fields=["revoked_at"])
            SubstitutionEvent.objects.create(
                substitution=substitution,
                action=SubstitutionEvent.Action.REVOKED,
                actor=actor,
                note=(note or "").strip(),
            )
    return substitution


def substitutions_visible_to(user):
    """Own substitutions (as principal or as substitute); everything for an administrator."""
    rows = Substitution.objects.current().select_related("principal", "substitute")
    if user.is_administrator:
        return rows
    return rows.filter(principal=user) | rows.filter(substitute=user)


def principals_of(user, day: dt.date) -> list[User]:
    """Whom `user` substitutes for on `day`."""
    return [
        s.principal
        for s in Substitution.objects.active_on(day)
        .filter(substitute=user)
        .select_related("principal")
    ]
