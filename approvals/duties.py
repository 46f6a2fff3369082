"""Separation of duties in the approval chain (issue 23, AUTHORITY.md).

Called by `approvals.chain.actor_for_step` and the Party-opinion service; kept apart from the
chain's storage so that the rules read as one list:

- a person of the requesting agency takes a step of its request only in their own right and
  only where the step is the agency's own body's (its head deciding for the officials it
  manages), never as a substitute;
- a person, or whom they act for, takes at most one step of one chain (the Party committee's
  opinion is the committee's, only recorded by a reviewer, so it does not count);
- the committee's opinion is dated neither in the future nor before the submission.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def require_separate(user, step, substitution, steps) -> None:
    """Refuse `user` (acting under `substitution`, or None) at `step` of `steps` (the
    request's current chain)."""
    trip = step.trip
    own_agency = user.agency_id is not None and user.agency_id == trip.agency_id
    agencys_own_step = step.body is not None and step.body.agency_id == trip.agency_id
    if own_agency and (substitution is not None or not agencys_own_step):
        raise PermissionDenied(
            _("Người của cơ quan đề nghị không được xử lý hồ sơ của cơ quan mình.")
        )
    if substitution is not None and substitution.principal.agency_id == trip.agency_id:
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
