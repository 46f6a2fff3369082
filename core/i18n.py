"""Texts stored in one language and read in another (issue 27: English mode).

A notice's subject or a request's findings are written once, in whatever language the writer
used; the reader may use another. What is stored beside the text is its source (the gettext
msgid) and its parameters, and the text is rendered again at read time.
"""

from django.utils.translation import gettext


class Remembered(str):
    """A translated text that remembers its source text and parameters (render_remembered)."""

    msgid = ""
    params = None

    def __mod__(self, params):
        rendered = str.__mod__(self, params)
        if not isinstance(params, dict):
            return rendered
        out = Remembered(rendered)
        out.msgid = self.msgid
        out.params = {k: _stored(v) for k, v in params.items()}
        return out


class RememberedJoin(str):
    """Remembered pieces joined by `sep` (a list of reasons in one sentence): each piece is
    rendered again in the reader's language (remembered_join)."""

    spec: dict = {}


def remembered_join(sep: str, pieces) -> RememberedJoin:
    pieces = list(pieces)
    out = RememberedJoin(sep.join(pieces))
    out.spec = {"join": sep, "items": [_stored(piece) for piece in pieces]}
    return out


def _stored(value):
    """A parameter as JSON: numbers stay numbers; a remembered text (or a join of them) keeps
    its source, to be rendered again; anything else (a name, a date) its text now."""
    if isinstance(value, RememberedJoin):
        return value.spec
    if isinstance(value, Remembered) and value.msgid:
        return {"msgid": value.msgid, "params": value.params}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _rendered(value):
    if isinstance(value, dict) and "join" in value:
        return value["join"].join(str(_rendered(item)) for item in value.get("items", ()))
    if isinstance(value, dict) and "msgid" in value:
        params = value.get("params")
        text = gettext(value["msgid"])
        return text % {k: _rendered(v) for k, v in params.items()} if params else text
    return value


def remembering_gettext(msgid: str) -> Remembered:
    """`gettext` whose result remembers its msgid and, once formatted, its parameters."""
    out = Remembered(gettext(msgid))
    out.msgid = msgid
    return out


def render_remembered(template: str | None, params, fallback: str) -> str:
    """`template` % `params` in the active language; `fallback` (the stored text) for rows
    without a source, or whose source no longer takes those parameters."""
    if not template:
        return fallback
    if params is None:
        return gettext(template)
    try:
        return gettext(template) % {k: _rendered(v) for k, v in params.items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return fallback
