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
        # Stored as JSON: numbers stay numbers, anything else (a name, a date) its text now.
        out.params = {
            k: v if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v)
            for k, v in params.items()
        }
        return out


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
        return gettext(template) % params
    except (KeyError, TypeError, ValueError):
        return fallback
