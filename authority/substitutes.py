"""Who may stand in for whom (issue 23; Decree 30, Art. 13): a substitute holds a position of
the principal's body that may act for the principal's: a deputy (KT.), the office chief
(TUQ.) or an acting head (Q.) for the head; an appraiser for an appraiser of the same body.
Read by authority.substitution_rules (the substitutions' services, form and page)."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from authority.models import Position

K = Position.Kind
STANDS_IN_FOR = {
    K.HEAD: {K.DEPUTY, K.OFFICE_CHIEF, K.ACTING_HEAD},
    K.ACTING_HEAD: {K.DEPUTY, K.OFFICE_CHIEF},
    K.DEPUTY: {K.HEAD, K.DEPUTY, K.ACTING_HEAD},  # the head takes back a field assigned
    K.OFFICE_CHIEF: set(),
    K.APPRAISER: {K.APPRAISER},
}


def eligible_for(principal, people, day=None):
    """Of `people`, those who may stand in for `principal` on `day` (any principal's
    substitute, i.e. anyone holding a position, when `principal` is None)."""
    day = day or timezone.localdate()
    held = Position.objects.held_on(day)
    if principal is None:
        return people.filter(pk__in=held.values("holder_id"))
    query = Q(pk__in=[])
    for body_id, kind in held.filter(holder=principal).values_list("body_id", "kind"):
        query |= Q(body_id=body_id, kind__in=list(STANDS_IN_FOR.get(kind, ())))
    return people.filter(pk__in=held.filter(query).values("holder_id"))
