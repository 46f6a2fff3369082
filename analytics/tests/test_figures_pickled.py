"""The statistics' figures are cached (analytics.cache): read back whole, counters and all."""

import pickle
from collections import Counter

from analytics.statistics import AgencyFigures


def test_figures_read_back_from_the_cache_are_the_same_with_their_counters():
    figures = AgencyFigures(7, "Sở Ngoại vụ", people_sent=3, estimated_cost_vnd=10**12)
    figures.by_status["approved"] += 2
    figures.countries["JP"] += 1
    again = pickle.loads(pickle.dumps(figures))
    assert again == figures and again.trips == 2 and again.approved == 2
    assert all(
        type(getattr(again, name)) is Counter
        for name in ("by_status", "by_kind", "countries", "funding")
    )
    assert again.funding["state"] == 0  # a Counter again: a missing key counts nothing
