"""Pages of a trip list that cost the same on page 1 and page 3 000, for a province with a
long history (issue 17).

A page is found by seeking, not by counting: the link to the next page carries the
(departure date, id) of the last row shown, and the next page is the first rows after it in
the list's order, read from an index (`?after=2027-06-01.123`; `?before=` for the page before).
The total is counted only up to COUNT_CAP rows: beyond that the page says "more than".
"""

import dataclasses
import datetime as dt

from django.db.models import Q, QuerySet

from trips.selectors import list_rows

PAGE_SIZE = 25
# How far the total is counted: enough to tell a short list from a long one, never the
# province's whole history.
COUNT_CAP = 1000


@dataclasses.dataclass(frozen=True)
class Cursor:
    departure_date: dt.date
    id: int

    def __str__(self):
        return f"{self.departure_date.isoformat()}.{self.id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor of a link; None for anything unreadable (the first page then)."""
        day, _, pk = (text or "").partition(".")
        try:
            return cls(dt.date.fromisoformat(day), int(pk))
        except ValueError:
            return None

    @classmethod
    def of(cls, trip) -> "Cursor":
        return cls(trip.departure_date, trip.pk)


def _beyond(cursor: Cursor, *, forward: bool) -> Q:
    """The rows after `cursor` in ascending (departure date, id) order, or before it. The
    first condition alone is a range on the index; the second settles the ties."""
    if forward:
        return Q(departure_date__gte=cursor.departure_date) & (
            Q(departure_date__gt=cursor.departure_date) | Q(id__gt=cursor.id)
        )
    return Q(departure_date__lte=cursor.departure_date) & (
        Q(departure_date__lt=cursor.departure_date) | Q(id__lt=cursor.id)
    )


@dataclasses.dataclass(frozen=True)
class SeekPage:
    object_list: list
    next_after: Cursor | None  # the "next page" link's cursor, None on the last page
    previous_before: Cursor | None  # the "previous page" link's, None on the first
    count: int  # the rows of the whole list, counted up to COUNT_CAP
    count_capped: bool  # there are more than `count`

    @property
    def has_other_pages(self):
        return bool(self.next_after or self.previous_before)


def seek_page(trips: QuerySet, params, *, newest_first: bool, size: int = PAGE_SIZE) -> SeekPage:
    """One page of `trips` as list rows (trips.selectors.list_rows) in (departure date, id)
    order, the earliest first unless `newest_first`, from the cursor in `params` (a
    QueryDict). Two queries: the page's rows, and the total counted up to COUNT_CAP."""
    after = Cursor.parse(params.get("after"))
    before = None if after else Cursor.parse(params.get("before"))
    # A page before the cursor is read backwards from it, then turned round.
    descending = newest_first != bool(before)
    rows = list_rows(trips)
    if after or before:
        rows = rows.filter(_beyond(after or before, forward=not descending))
    ordering = ["-departure_date", "-id"] if descending else ["departure_date", "id"]
    found = list(rows.order_by(*ordering)[: size + 1])
    more = len(found) > size
    found = found[:size]
    if before:
        found.reverse()
    has_next = bool(before) or more
    has_previous = bool(after) or (bool(before) and more)
    counted = trips.order_by()[: COUNT_CAP + 1].count()
    return SeekPage(
        object_list=found,
        next_after=Cursor.of(found[-1]) if found and has_next else None,
        previous_before=Cursor.of(found[0]) if found and has_previous else None,
        count=min(counted, COUNT_CAP),
        count_capped=counted > COUNT_CAP,
    )
