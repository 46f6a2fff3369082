"""Separation of duties in the approval chain (issue 23, AUTHORITY.md).

Called by `approvals.chain.actor_for_step`, the Party-opinion service and the inbox's query
(`approvals.chain_inbox`); kept apart from the chain's storage so that the rules read as one
list:

- a person of the requesting agency takes a step of its request only in their own right and
  only where the step is the agency's own body's (its head deciding for the officials it
  manages), never as a substitute;
- a person, or whom they act for, takes at most one step of one chain (the Party committee's
  opinion is the committee's, only recorded by a reviewer, so it does not count);
- the committee's opinion is dated neither in the future nor before the submission.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

# --- the requesting agency's own people: one rule, read by the checks and by the inbox ----
# A person of the requesting agency acts only in their own right, on their own body's step.
# Its two parts, each written once for a request in hand and once for a query of steps:


def _of_requesting_agency(person, trip) -> bool:
    return person.agency_id is not None and person.agency_id == trip.agency_id


def _requesting_agency_is(agency_id) -> Q:
    return Q(trip__agency_id=agency_id) if agency_id is not None else Q(pk__in=[])


def _agencys_own_step(step) -> bool:
    return step.body is not None and step.body.agency_id == step.trip.agency_id


AGENCYS_OWN_STEP = Q(body__agency_id=F("trip__agency_id"))


def own_agency_allows(user, step, principal=None) -> bool:
    """The rule for one step: may `user` take it, for `principal` (None: in their own right)?"""
    if principal is not None:
        return not (
            _of_requesting_agency(user, step.trip) or _of_requesting_agency(principal, step.trip)
        )
    return not _of_requesting_agency(user, step.trip) or _agencys_own_step(step)


def own_agency_allowed_steps(user, own: Q, acting: dict) -> Q:
    """The same rule over steps: those `user` may take by it, holding `own` (a Q of the
    positions held in their own right) or acting for principals ({principal's agency id:
    a Q of their positions})."""
    requesting = _requesting_agency_is(user.agency_id)
    allowed = own & (~requesting | AGENCYS_OWN_STEP)
    for principal_agency_id, held in acting.items():
        allowed |= held & ~requesting & ~_requesting_agency_is(principal_agency_id)
    return allowed


def require_separate(user, step, substitution, steps) -> None:
    """Refuse `user` (acting under `substitution`, or None) at `step` of `steps` (the
    request's current chain)."""
    if not own_agency_allows(user, step, substitution.principal if substitution else None):
        raise PermissionDenied(
            _("Người của cơ quan đề nghị không được xử lý hồ sơ của cơ quan mình.")
        )
    if step.action == step.Action.PARTY_OPINION:
        return
    people = {user.pk, substitution.principal_id if substitution else None} - {None}
    for other in steps:
        if other.pk == step.pk or other.action == other.Action.PARTY_OPINION:
            continue
        if people & {other.actor_id, other.acting_for_id}:
            raise PermissionDenied(
                _("Một người (hoặc người mình thay) chỉ được xử lý một bước của hồ sơ.")
            )


def opinion_date_errors(trip, dated, today=None) -> dict:
    """The Party committee's opinion is dated between the submission and today."""
    if dated is None:
        return {}
    today = today or timezone.localdate()
    if dated > today:
        return {"dated": _("Ngày văn bản không được sau ngày hôm nay.")}
    submitted = trip.submitted_at and timezone.localtime(trip.submitted_at).date()
    if submitted and dated < submitted:
        return {"dated": _("Ngày văn bản không được trước ngày nộp hồ sơ.")}
    return {}


def require_opinion_date(trip, dated) -> None:
    errors = opinion_date_errors(trip, dated)
    if errors:
        raise ValidationError(errors)
