"""The register a page at a time, the same cost on its first page and its last: a year's
book is tens of thousands of rows.

Pages are found by seeking on the register's unique index (year, issuer, number): the link
to the next page carries the (issuer, number) of the last row shown (`?after=UBND.125`,
`?before=` for the page before), within the year asked for. Only the listed columns are
read: the frozen content (JSON) of each document is never loaded to list it.

The API's pages (api.pagination) may span years: its cursor carries the year too
(`?after=2026.UBND.125`), and its rows are in (year, issuer, number) order.
"""

import dataclasses

from django import forms
from django.db.models import F, QuerySet

# Django's own row comparison (5.2, written for composite primary keys): `(a, b) > (x, y)`
# where the database has it (PostgreSQL, SQLite), which PostgreSQL takes as one range on
# the unique index; the OR-of-ANDs it falls back to elsewhere.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone
from django.utils.translation import gettext_lazy

from core.validators import is_number
from documents.models import IssuedDocument
from documents.selectors import register_for

PAGE_SIZE = 100
# The register's columns (the page and the Excel export): never `content`, never `file`.
LISTED = (
    "id", "year", "issuer", "number", "symbol", "kind", "title", "issued_on", "signer",
    "signed_as", "trip_id", "rendered_at", "sha256",
)  # fmt: skip


MAX_YEAR, MAX_NUMBER = 32767, 2**31 - 1  # the columns' ranges: beyond, no such row


@dataclasses.dataclass(frozen=True)
class Cursor:
    issuer: str
    number: int
    year: int | None = None  # only in the API's cursors (pages across years)

    def __str__(self):
        key = f"{self.issuer}.{self.number}"
        return key if self.year is None else f"{self.year}.{key}"

    @classmethod
    def parse(cls, text: str | None, *, with_year: bool = False) -> "Cursor | None":
        """The cursor of a link; None for anything unreadable (the first page then)."""
        year = None
        if with_year:
            year, _, text = (text or "").partition(".")
            if not is_number(year) or int(year) > MAX_YEAR:
                return None
            year = int(year)
        issuer, _, number = (text or "").rpartition(".")
        if not issuer or not is_number(number) or int(number) > MAX_NUMBER:
            return None
        return cls(issuer, int(number), year)

    @classmethod
    def of(cls, row, *, with_year: bool = False) -> "Cursor":
        return cls(row.issuer, row.number, row.year if with_year else None)

    @property
    def key(self) -> tuple:
        return (
            (self.issuer, self.number)
            if self.year is None
            else (self.year, self.issuer, self.number)
        )


def _order(with_year: bool) -> tuple[str, ...]:
    return ("year", "issuer", "number") if with_year else ("issuer", "number")


def _beyond(cursor: Cursor, *, forward: bool):
    # One row comparison on the register's unique index (year, issuer, number): a range
    # scan from the cursor, the same cost on the first page and the last.
    compare = TupleGreaterThan if forward else TupleLessThan
    return compare(Tuple(*(F(name) for name in _order(cursor.year is not None))), cursor.key)


@dataclasses.dataclass(frozen=True)
class RegisterPage:
    object_list: list
    next_after: Cursor | None
    previous_before: Cursor | None

    @property
    def has_other_pages(self):
        return bool(self.next_after or self.previous_before)


def listed(rows: QuerySet, with_year: bool = False) -> QuerySet:
    """Only the register's columns, in its order (issuer, number; one year at a time, or
    year first across years)."""
    return rows.select_related(None).only(*LISTED).order_by(*_order(with_year))


def register_page(
    rows: QuerySet, params, size: int | None = None, *, with_year: bool = False
) -> RegisterPage:
    """One page of `rows` (one year's register, filtered; with_year: any years) from the
    cursor in `params`: one query."""
    size = size or PAGE_SIZE
    after = Cursor.parse(params.get("after"), with_year=with_year)
    before = None if after else Cursor.parse(params.get("before"), with_year=with_year)
    rows = listed(rows, with_year)
    if after or before:
        rows = rows.filter(_beyond(after or before, forward=bool(after)))
    if before:
        rows = rows.order_by(*(f"-{name}" for name in _order(with_year)))
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if before:
        found.reverse()
    has_next, has_previous = bool(before) or more, bool(after) or (bool(before) and more)
    return RegisterPage(
        object_list=found,
        next_after=Cursor.of(found[-1], with_year=with_year) if found and has_next else None,
        previous_before=(
            Cursor.of(found[0], with_year=with_year) if found and has_previous else None
        ),
    )


class RegisterFilter(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại văn bản"),
        choices=[("", gettext_lazy("Tất cả")), *IssuedDocument.Kind.choices],
        required=False,
    )


def filtered_register(user, params):
    """(form, rows, year) from ?year=&kind=; an invalid filter shows this year's register."""
    data = {"year": params.get("year") or timezone.localdate().year, "kind": params.get("kind")}
    form = RegisterFilter(data)
    rows = register_for(user)
    year = timezone.localdate().year
    if form.is_valid():
        year = form.cleaned_data["year"]
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
    return form, rows.filter(year=year).order_by("issuer", "number"), year
