"""Who holds what, and which authority a request falls under (issue 23)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import F, QuerySet
from django.utils import timezone

from authority.models import Authority, Body, Position


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
        cached = Body.objects.select_related("parent").get(agency=agency)
        agency.__dict__["_authority_body"] = cached
    return cached


def agency_body(agency) -> Body:
    """The same, read afresh (a symbol changed since the agency object was loaded)."""
    return Body.objects.select_related("parent").get(agency=agency)


def head_title(body: Body, day: dt.date | None = None) -> str:
    """The printed title of the body's head ("CHỦ TỊCH", "GIÁM ĐỐC"): from its head position,
    held or vacant; "THỦ TRƯỞNG" where none is recorded."""
    head = (
        Position.objects.filter(body=body, kind=Position.Kind.HEAD)
        .order_by(F("holder").desc(nulls_last=True), "-starts_on")
        .values_list("title", flat=True)
        .first()
    )
    return (head or "THỦ TRƯỞNG").upper()


def authority_for(*, level: str, kind: str) -> Authority | None:
    """The authority of a level for a kind of trip: its own if the province set one, the
    level's otherwise."""
    rows = {a.kind: a for a in Authority.objects.filter(level=level, kind__in=[kind, ""])}
    return rows.get(kind) or rows.get("")
