"""The register a page at a time, the same cost on its first page and its last: a year's
book is tens of thousands of rows.

Pages are found by seeking on the register's unique index (year, issuer, number): the link
to the next page carries the (issuer, number) of the last row shown (`?after=UBND.125`,
`?before=` for the page before), within the year asked for. Only the listed columns are
read: the frozen content (JSON) of each document is never loaded to list it.
"""

import dataclasses

from django import forms
from django.db.models import Q, QuerySet
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


@dataclasses.dataclass(frozen=True)
class Cursor:
    issuer: str
    number: int

    def __str__(self):
        return f"{self.issuer}.{self.number}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """The cursor of a link; None for anything unreadable (the first page then)."""
        issuer, _, number = (text or "").rpartition(".")
        if not issuer or not is_number(number):
            return None
        return cls(issuer, int(number))

    @classmethod
    def of(cls, row) -> "Cursor":
        return cls(row.issuer, row.number)


def _beyond(cursor: Cursor, *, forward: bool) -> Q:
    # The first condition alone is a range on the index; the second settles the ties.
    if forward:
        return Q(issuer__gte=cursor.issuer) & (
            Q(issuer__gt=cursor.issuer) | Q(number__gt=cursor.number)
        )
    return Q(issuer__lte=cursor.issuer) & (
        Q(issuer__lt=cursor.issuer) | Q(number__lt=cursor.number)
    )


@dataclasses.dataclass(frozen=True)
class RegisterPage:
    object_list: list
    next_after: Cursor | None
    previous_before: Cursor | None

    @property
    def has_other_pages(self):
        return bool(self.next_after or self.previous_before)


def listed(rows: QuerySet) -> QuerySet:
    """Only the register's columns, in its order (issuer, number; one year at a time)."""
    return rows.select_related(None).only(*LISTED).order_by("issuer", "number")


def register_page(rows: QuerySet, params, size: int | None = None) -> RegisterPage:
    """One page of `rows` (one year's register, filtered) from the cursor in `params`:
    one query."""
    size = size or PAGE_SIZE
    after = Cursor.parse(params.get("after"))
    before = None if after else Cursor.parse(params.get("before"))
    rows = listed(rows)
    if after or before:
        rows = rows.filter(_beyond(after or before, forward=bool(after)))
    if before:
        rows = rows.order_by("-issuer", "-number")
    found = list(rows[: size + 1])
    more = len(found) > size
    found = found[:size]
    if before:
        found.reverse()
    has_next, has_previous = bool(before) or more, bool(after) or (bool(before) and more)
    return RegisterPage(
        object_list=found,
        next_after=Cursor.of(found[-1]) if found and has_next else None,
        previous_before=Cursor.of(found[0]) if found and has_previous else None,
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
