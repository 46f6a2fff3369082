import io

import pytest

from benchmarks.officials_import import run


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_benchmark_runs(db, file_format):
    results = run(200, file_format, out=io.StringIO())
    counts = [r[2] for r in results]
    assert [c["created"] for c in counts] == [200, 0, 0]
    assert [c["changed"] for c in counts] == [0, 100, 0]
    assert counts[2]["unchanged"] == 200
