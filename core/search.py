"""Search as Vietnamese users type: accents and case do not matter ("nguyen van anh" finds
"Nguyễn Văn Ánh", "đ" finds "d").

The folding is done in Python, once when a row is saved (a stored column) and once for the
query, so SQLite and PostgreSQL give the same answers; PostgreSQL adds a trigram index on the
stored column so that `contains` stays an index scan (agencies.migrations 0011).
"""

import re
import unicodedata

from django.db.models import Case, CharField, Func, IntegerField, QuerySet, Value, When

# "đ"/"Đ" are letters of their own, not a "d" with a combining mark: NFD leaves them alone.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d"})
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower case, without diacritics, single spaces: the form searches compare."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_LETTERS))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", bare).strip().lower()


def folded_search(queryset: QuerySet, field: str, text: str) -> QuerySet:
    """Rows whose folded `field` contains the folded `text`, the exact match first, then
    those starting with it, then the rest (the caller adds its own order after `match_rank`)."""
    folded = fold(text)
    if not folded:
        return queryset.annotate(match_rank=Value(2, output_field=IntegerField()))
    return queryset.filter(**{f"{field}__contains": folded}).annotate(
        match_rank=Case(
            When(**{field: folded}, then=Value(0)),
            When(**{f"{field}__startswith": folded}, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    )


def fold_in_python(rows, text: str, key) -> list:
    """The same match over a short list already in memory (a few hundred agencies), ranked
    the same way; stable within a rank."""
    folded = fold(text)
    if not folded:
        return list(rows)
    found = [(fold(key(r)), r) for r in rows]
    found = [(name, r) for name, r in found if folded in name]
    return [
        r
        for _, r in sorted(
            found,
            key=lambda pair: 0 if pair[0] == folded else 1 if pair[0].startswith(folded) else 2,
        )
    ]


class Folded(Func):
    """fold() inside a query, for free text that has no stored folded column (a trip's title,
    inviter, purpose): Python's fold registered as a function on SQLite (core.apps), and
    `lower(unaccent(...))` on PostgreSQL (its `unaccent` maps "đ" too). Not indexed: these
    searches run within the requests a person may see."""

    function = "travelmgmt_fold"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="lower(unaccent(%(expressions)s))", **extra_context
        )


def register_sqlite_fold(sender, connection, **kwargs):
    """connection_created: give each SQLite connection the fold() that Folded calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("travelmgmt_fold", 1, fold, deterministic=True)
