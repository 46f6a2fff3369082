"""Every value label of a bar chart stays inside the drawing."""

import pytest

from analytics import charts


@pytest.mark.parametrize(
    ("values", "money"),
    [
        ([1], False),
        ([3, 2, 1, 0], False),
        ([1_250_000_000, 1_200_000_000, 90_000_000, 0], True),
        ([9_000_000_000_000, 1], True),
    ],
)
def test_value_labels_never_leave_the_drawing(values, money):
    rows, _height = charts.bars([(f"Sở {i}", v) for i, v in enumerate(values)], money=money)
    for bar in rows:
        text_width = charts.CHAR_WIDTH * len(bar.text)
        if bar.text_inside:
            assert bar.text_x - text_width >= charts.PLOT_X - 1
        else:
            assert bar.text_x + text_width <= charts.WIDTH
        assert charts.PLOT_X + bar.width <= charts.WIDTH


def test_the_longest_bar_of_money_prints_its_amount_inside():
    rows, _ = charts.bars([("Sở A", 1_250_000_000), ("Sở B", 10_000_000)], money=True)
    assert rows[0].text == "1.250.000.000 đ" and rows[0].text_inside
    assert not rows[1].text_inside


def test_the_svg_escapes_the_names_and_cuts_long_ones():
    rows, height = charts.bars([("Sở <b>A</b>", 1_250_000_000), ("S" * 80, 10)], money=True)
    drawn = charts.svg(rows, height, 'Dự toán "năm"')
    assert "Sở &lt;b&gt;A&lt;/b&gt;" in drawn and "<b>" not in drawn
    assert 'aria-label="Dự toán &quot;năm&quot;"' in drawn and 'viewBox="0 0 400 72"' in drawn
    assert "S" * 59 + "…" in drawn and "S" * 60 not in drawn
    assert 'width="394.0"' in drawn and 'text-anchor="end" fill="#fff">1.250.000.000 đ<' in drawn


def test_the_chart_draws_the_largest_and_counts_the_others():
    items = [("Sở A", 5), ("Sở B", 9), ("Sở C", 5), ("Sở D", 1), ("Sở E", 0)]
    assert charts.leading(items, 2) == ([("Sở B", 9), ("Sở A", 5)], 3, 6)  # a tie: as given
    assert charts.leading(items, 10) == (sorted(items[:4], key=lambda i: -i[1]), 1, 0)
    assert charts.leading([], 3) == ([], 0, 0)
