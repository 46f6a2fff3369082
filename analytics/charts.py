"""Bar charts drawn on the server as SVG: no chart library, nothing fetched, CSP-clean."""

import dataclasses

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
