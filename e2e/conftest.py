"""End-to-end tests: Playwright drives Debian's Chromium against live_server, as a person would.

Without /usr/bin/chromium these tests skip, except under CI=true, where a missing browser is a
failure. Playwright's sync API runs an event loop, so Django must allow sync calls in it.
"""

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parent.parent
# The README's pictures are refreshed on purpose (UPDATE_SCREENSHOTS=1 make test); an
# ordinary run writes them under test-results/ and leaves the tracked files alone.
SCREENSHOTS = (
    ROOT / "docs" / "screenshots"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else ROOT / "test-results" / "screenshots"
)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {CHROMIUM} is missing: install Debian's chromium package")
        pytest.skip(
            f"{CHROMIUM} is not installed (apt-get install chromium): end-to-end tests skipped"
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def screenshot(page):
    """Save a screenshot of the page as <name>.png (see SCREENSHOTS)."""

    def take(name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture(autouse=True)
def tasks_in_process(eager_tasks):
    """The live server's tasks (a document's PDF, an email) run in its thread, as in the
    embedded default: no Celery worker consumes this worker's queue during a browser test,
    so under CI's broker a document issued in a test would stay 'đang tạo'."""
