"""In what capacity a decision is signed, and the titles its block prints (Decree 30/2020,
Art. 13; AUTHORITY.md "Signing capacity"), from the signer's position in the issuing body and
the substitution they act under:

- the head in their own right: "" and the head's title (CHỦ TỊCH);
- a deputy, always, with or without a substitution: "KT. CHỦ TỊCH" over their own title;
- an acting head: "Q. CHỦ TỊCH";
- the office chief by substitution (written authorisation): "TUQ. CHỦ TỊCH" over their own
  title.

A substitution's `signs_as` still wins where the administrator set it. Nobody's title is ever
a default: a signer holding no position of the body prints the head's title only as the head's
substitute (TUQ.), never as the head.
"""

from __future__ import annotations

import dataclasses

from django.utils import timezone

from authority.models import Body, Position
from authority.selectors import head_title

K = Position.Kind
# The capacity each kind of position signs in; the first held wins.
CAPACITY = [(K.HEAD, ""), (K.ACTING_HEAD, "Q."), (K.DEPUTY, "KT."), (K.OFFICE_CHIEF, "TUQ.")]


@dataclasses.dataclass(frozen=True)
class Capacity:
    signed_as: str  # "", "KT.", "Q.", "TUQ."
    title: str  # the signer's own title, printed above the name
    head_title: str  # whom they sign for: printed after "KT." / "Q." / "TUQ."
    acting_for: str = ""  # the principal's username under a substitution


def capacity_of(*, actor, body: Body, substitution=None, day=None) -> Capacity:
    day = day or timezone.localdate()
    head = head_title(body)
    held = {
        p.kind: p.title.upper()
        for p in Position.objects.held_on(day).filter(holder=actor, body=body)
    }
    acting_for = substitution.principal.username if substitution is not None else ""
    signed_as, title = next(
        ((capacity, held[kind]) for kind, capacity in CAPACITY if kind in held), (None, "")
    )
    if signed_as is None:  # no position of the body: only as someone's substitute
        signed_as = "TUQ." if substitution is not None else ""
        title = title or head
    if substitution is not None and substitution.signs_as:
        signed_as = substitution.signs_as
    return Capacity(signed_as=signed_as, title=title, head_title=head, acting_for=acting_for)
