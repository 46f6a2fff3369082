"""The suite's command (`pytest`, README) collects pytest.ini's testpaths only: every folder
with tests must be listed there, or its tests silently never run (approvals, authority,
calendars and exports were missing until 7 December)."""

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_folder_with_tests_is_in_the_suites_testpaths():
    config = configparser.ConfigParser()
    config.read(ROOT / "pytest.ini")
    listed = set(config["pytest"]["testpaths"].split())
    with_tests = {
        path.parent.parent.name
        for path in ROOT.glob("*/tests/test_*.py")
        if not path.parent.parent.name.startswith(".")
    }
    with_tests |= {p.parent.name for p in ROOT.glob("*/test_*.py") if p.parent != ROOT}
    assert with_tests - listed == set()
