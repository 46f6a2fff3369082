"""Bar charts drawn on the server as SVG: no chart library, nothing fetched, CSP-clean."""

import dataclasses

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from core.formatting import format_vnd

# The SVG's own coordinates; the browser scales the whole drawing to the column's width. Each
# agency's name stands on its own line above its bar, so the drawing stays narrow and its text
# readable on a phone (390 px) as on a desktop half-column.
WIDTH = 400
PLOT_X = 0
PLOT_WIDTH = WIDTH - 6
ROW_HEIGHT = 36
CHAR_WIDTH = 6.5  # a generous average glyph width at font-size 11


@dataclasses.dataclass
class Bar:
    label: str
    value: int
    text: str  # the value as printed
    y: int  # top of the bar, in SVG pixels
    width: float  # the bar's length, in SVG pixels
    text_x: float  # where the value is printed
    text_inside: bool  # printed inside the bar's end (white), when it would not fit after it


def leading(items: list[tuple[str, int]], keep: int) -> tuple[list[tuple[str, int]], int, int]:
    """The `keep` largest (label, value) pairs above zero, largest first (a tie: as given),
    and how many others there are and their sum: a province's 500 agencies drawn as bars
    would be a page of their own, and no reader could find one in it (the table and the
    export hold them all). A zero has no bar to draw."""
    ordered = sorted((item for item in items if item[1]), key=lambda item: item[1], reverse=True)
    shown = ordered[:keep]
    return shown, len(items) - len(shown), sum(value for _label, value in ordered[keep:])


def bars(items: list[tuple[str, int]], *, money: bool = False) -> tuple[list[Bar], int]:
    """Horizontal bars for (label, value) pairs, and the SVG's height.

    The value goes after its bar, or inside the bar's end when there is no room after it, so
    that no label is ever cut off at the drawing's edge.
    """
    top = max((value for _label, value in items), default=0) or 1
    rows = []
    for index, (label, value) in enumerate(items):
        text = format_vnd(value) if money else str(value)
        width = PLOT_WIDTH * value / top
        inside = width + 6 + CHAR_WIDTH * len(text) > PLOT_WIDTH
        text_x = PLOT_X + width + (-6 if inside else 6)
        rows.append(Bar(str(label), value, text, index * ROW_HEIGHT, width, text_x, inside))
    return rows, max(len(rows), 1) * ROW_HEIGHT


# One bar: its label on a line of its own, the bar, its value after it or inside its end.
_BAR = (
    '<text x="0" y="{label_y}" font-size="11" fill="#333">{label}</text>'
    '<rect x="0" y="{bar_y}" width="{width:.1f}" height="15" fill="#a31d1d"></rect>'
    '<text x="{text_x:.1f}" y="{text_y}" font-size="11" {paint}>{text}</text>'
)
_INSIDE, _AFTER = 'text-anchor="end" fill="#fff"', 'fill="#333"'


def svg(bars_: list[Bar], height: int, title: str) -> str:
    """The chart's SVG, drawn once per figures (and cached with them): as a template it was
    seven variables and filters a bar, some 800 of the cold page's 2 100 rendered values.
    The label and the value escaped, the rest numbers."""
    rows = "\n".join(
        _BAR.format(
            label_y=bar.y + 12,
            label=escape(Truncator(bar.label).chars(60) if len(bar.label) > 60 else bar.label),
            bar_y=bar.y + 16,
            width=bar.width,
            text_x=bar.text_x,
            text_y=bar.y + 27,
            paint=_INSIDE if bar.text_inside else _AFTER,
            text=escape(bar.text),
        )
        for bar in bars_
    )
    # Safe: the label, the value and the title escaped, the rest numbers.
    return mark_safe(
        f'<svg class="w-100 h-auto" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {WIDTH} {height}">{rows}</svg>'
    )
