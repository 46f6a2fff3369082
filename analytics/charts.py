"""Bar charts drawn on the server as SVG: no chart library, nothing fetched, CSP-clean."""

import dataclasses


@dataclasses.dataclass
class Bar:
    label: str
    value: int
    y: int  # top of the bar in the SVG, in pixels
    width: float  # share of the widest bar, 0–100 (percent of the plot width)


ROW_HEIGHT = 26


def bars(items: list[tuple[str, int]]) -> tuple[list[Bar], int]:
    """Horizontal bars for (label, value) pairs, and the SVG's height."""
    top = max((value for _label, value in items), default=0) or 1
    rows = [
        Bar(label, value, index * ROW_HEIGHT, 100 * value / top)
        for index, (label, value) in enumerate(items)
    ]
    return rows, max(len(rows), 1) * ROW_HEIGHT
