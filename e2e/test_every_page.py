"""Every page of the site, for every role, at desk and phone width.

On the demo data, each role's login follows the links of its pages (one page per URL pattern:
the second trip's page looks like the first) and also opens every parameterless page that
answers it with HTML, so a page nobody links to is checked too. On each page, at 1366×768 and
390×844: no horizontal overflow, no console error, no failed request, and no serious or
critical accessibility violation from axe-core (installed from the npm registry by
`make install-dev`, injected by the test, never served by the site).
"""

import datetime as dt
import os
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from playwright.sync_api import Page

from accounts.roles import Role
from agencies.tests.factories import OfficialFactory
from authority.models import Position
from authority.substitutions import substitution_create
from calendars.services import feed_create, scopes_for
from registry.models import ImportJob
from trips.models import TripMember
from trips.services.policy_settings import policy_setting_change
from trips.tests.factories import TripFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
# Not pages: the API, files, operations endpoints, language switching and signing out.
SKIPPED_PREFIXES = (
    "/api/",
    "/static/",
    "/media/",
    "/i18n/",
    "/healthz/",
    "/metrics/",
    "/dang-xuat/",
)
FILE_SUFFIXES = (".pdf", ".xlsx", ".csv", ".docx", ".zip", ".ico", ".png", ".json", ".ics")
ADMIN_PAGES = ("/admin/", "/admin/agencies/official/")
MAX_PAGES_PER_ROLE = 60


@pytest.fixture
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {AXE} is missing: `make install-dev` installs it with npm")
        pytest.skip("axe-core is not installed (make install-dev needs npm): page checks skipped")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def browser_context_args(browser_context_args):
    # The site's CSP refuses injected scripts, rightly; only this test's browser ignores it.
    return {**browser_context_args, "bypass_csp": True}


def _is_page_path(path: str) -> bool:
    if path.startswith(SKIPPED_PREFIXES) or path.endswith(FILE_SUFFIXES):
        return False
    # Django's admin is checked at its door and on the officials' list; its other pages are
    # the same templates over other models.
    if path.startswith("/admin/") and path not in ADMIN_PAGES:
        return False
    try:
        match = resolve(path)
    except Resolver404:
        return False
    name = (match.url_name or "").lower()
    return not any(word in name for word in ("export", "download", "pdf", "logout", "favicon"))


def _pattern_of(path: str) -> str:
    match = resolve(path)
    return f"{match.namespace}:{match.route}"


def _parameterless_paths(resolver=None, prefix=""):
    """Every URL of the site that takes no argument (the candidates a crawl might miss)."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if "<" in route or "(" in route:
            continue
        if isinstance(entry, URLResolver):
            yield from _parameterless_paths(entry, prefix + route.lstrip("^"))
        elif isinstance(entry, URLPattern):
            path = "/" + (prefix + route).lstrip("^").rstrip("$")
            if "(" not in path and "\\" not in path:
                yield path


def _html_pages_answering(user, candidates):
    client = Client()
    client.force_login(user)
    for path in candidates:
        response = client.get(path)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            yield path


def _sign_in(page: Page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


class PageProblems:
    """Console errors, failed requests and error responses seen while a page loads."""

    def __init__(self, page: Page, origin: str):
        self.current = []
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.current.append(f"console: {msg.text}"),
        )
        page.on(
            "requestfailed",
            lambda req: self.current.append(f"request failed: {req.url} ({req.failure})"),
        )
        page.on(
            "response",
            lambda res: (
                res.url.startswith(origin)
                and res.status >= 400
                and self.current.append(f"HTTP {res.status}: {res.url}")
            ),
        )

    def take(self):
        seen, self.current = self.current, []
        return seen


def _links(page: Page, origin: str):
    hrefs = page.eval_on_selector_all(
        "a[href]:not([download])", "els => els.map(e => e.getAttribute('href'))"
    )
    for href in hrefs:
        url = urlsplit(urljoin(page.url, href))
        if f"{url.scheme}://{url.netloc}" == origin and _is_page_path(url.path):
            yield url.path


def _check(page: Page, axe_source: str) -> list[str]:
    problems = []
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width[0] > width[1]:
        problems.append(f"horizontal overflow: {width[0]} px wide in {width[1]} px")
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_source)
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ': ' + v.help + ' — ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(' | '))"
    )
    problems.extend(f"axe {v}" for v in violations)
    # An empty table hides its overflow (a long row is what overflows): the demo and
    # _seed_every_table give each table the test reaches a row.
    empty = page.evaluate(
        "[...document.querySelectorAll('table')].filter(t => t.tBodies.length"
        " && ![...t.tBodies].some(b => [...b.rows].some(r => r.cells.length > 1)))"
        ".map(t => t.id || t.closest('[aria-label]')?.getAttribute('aria-label') || 'table')"
    )
    problems.extend(f"empty table {name}: seed a row" for name in empty)
    return problems


def _seed_every_table():
    """Rows the demo seed lacks in a table some role reaches: a substitution of each
    chain-role login (/uy-quyen/), two trips this year for one official of the first
    agency's staff (near the yearly limit in /thong-ke/; abroad this month in the absence
    calendar), an import that failed (/nhap-du-lieu/), calendar addresses (/lich/), an agency over its
    share of officials abroad and a changed threshold (/thong-ke/, /ho-so/quy-dinh/)."""
    User = get_user_model()
    today = timezone.localdate()
    # Each substitute holds a position of the principal's body that may stand in for the
    # principal's (authority.substitutes): the office chief for the head, an appraiser.
    stands_in = {
        "head": ("office_chief", "CHÁNH VĂN PHÒNG"),
        "appraiser": ("appraiser", "CHUYÊN VIÊN"),
    }
    for username in ("lanhdao", "thamdinh", "thutruong"):
        principal = User.objects.get(username=username)
        held = Position.objects.held_on(today).filter(holder=principal).first()
        substitute = User.objects.create_user(f"thay.{username}", first_name="Người thay thế")
        kind, title = stands_in[held.kind]
        Position.objects.create(
            body=held.body, kind=kind, title=title, holder=substitute, starts_on=today
        )
        substitution_create(
            actor=principal,
            principal=principal,
            substitute=substitute,
            starts_on=today,
            ends_on=today + dt.timedelta(days=30),
            note="Ủy quyền xử lý hồ sơ đi nước ngoài trong thời gian đi công tác Trung ương",
        )
    staff = User.objects.filter(groups__name=Role.AGENCY_STAFF).order_by("pk").first()
    official = OfficialFactory(agency=staff.agency, full_name="Trần Thị Gần Giới Hạn")
    earlier = max(dt.date(today.year, 1, 2), today - dt.timedelta(days=60))
    for departure, status in ((earlier, "completed"), (today, "approved")):
        trip = TripFactory(
            agency=staff.agency,
            status=status,
            title=f"Đoàn khảo sát {departure:%d/%m}",
            departure_date=departure,
            return_date=departure + dt.timedelta(days=1),
        )
        TripMember.objects.create(trip=trip, official=official, is_head=True)
    # More of the agency abroad today than its share (AGENCY_ABSENCE_SHARE: /thong-ke/'s
    # "over its share" table, the calendar's shaded day): three more with the official above.
    crowd = TripFactory(
        agency=staff.agency,
        status="approved",
        title="Đoàn dự hội chợ thương mại",
        departure_date=today,
        return_date=today + dt.timedelta(days=2),
    )
    for index in range(3):
        member = OfficialFactory(agency=staff.agency, full_name=f"Nguyễn Văn Đoàn {index + 1}")
        TripMember.objects.create(trip=crowd, official=member, is_head=index == 0)
    # A change of a threshold by the administrator (/ho-so/quy-dinh/'s history of changes).
    policy_setting_change(
        actor=User.objects.get(username="quantri"),
        setting="agency_absence_share_percent",
        value=25,
        reason="Thử nghiệm mức tỷ lệ vắng mặt của cơ quan",
        basis="Quyết định số 01/QĐ-UBND ngày 02/01/2026 (thử nghiệm)",
    )
    for user in User.objects.filter(is_active=True):  # /lich/: an address of each scope
        for scope in scopes_for(user):
            feed_create(user=user, scope=scope)
    ImportJob.objects.create(
        kind=ImportJob.Kind.OFFICIALS,
        status=ImportJob.Status.FAILED,
        created_by=User.objects.get(username="quantri"),
        file_name="danh-sach-can-bo-thang-12.xlsx",
        content=b"",
        sha256="0" * 64,
        error="Tệp không đọc được.",
    )


def _open(page: Page, url: str) -> None:
    """The page once loaded with its images and styles ("load"), and any htmx request it
    made on its own answered. Not "networkidle": that waits 500 ms of silence after every one
    of the crawl's ~700 page views (minutes of CI), and these pages fetch nothing by script
    after loading (static/js/app.js fetches on typing only; the import and export jobs poll
    every second while they run, which networkidle would never see end anyway)."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => !document.querySelector('.htmx-request')")


def _crawl(page: Page, origin: str, watcher: PageProblems, axe_source: str, extra):
    """Breadth-first over the role's links, one page per URL pattern; returns the paths seen."""
    queue, patterns, visited, report = deque(["/", *extra]), set(), [], {}
    while queue and len(visited) < MAX_PAGES_PER_ROLE:
        path = queue.popleft()
        pattern = _pattern_of(path)
        if pattern in patterns:
            continue
        patterns.add(pattern)
        _open(page, origin + path)
        problems = watcher.take() + _check(page, axe_source)
        if problems:
            report[f"desktop {path}"] = problems
        visited.append(path)
        queue.extend(link for link in _links(page, origin) if _pattern_of(link) not in patterns)
    return visited, report


def _every_page_of(role: str, context, live_server, axe_source) -> dict:
    """The problems seen on each page view of one role's crawl, at both widths."""
    user = (
        get_user_model()
        .objects.filter(groups__name=role, is_active=True)
        .exclude(password__startswith="!")
        .order_by("pk")
        .first()
    )
    assert user, f"the demo seed has no login for the role {role}"
    origin = live_server.url
    candidates = [p for p in _parameterless_paths() if _is_page_path(p)]
    extra = list(_html_pages_answering(user, [*candidates, *ADMIN_PAGES[1:]]))
    page = context.new_page()
    _sign_in(page, live_server, user)
    watcher = PageProblems(page, origin)

    page.set_viewport_size(VIEWPORTS["desktop"])
    visited, report = _crawl(page, origin, watcher, axe_source, extra)
    assert len(visited) >= 3, f"{role} reached only {visited}"

    page.set_viewport_size(VIEWPORTS["phone"])
    for path in visited:
        _open(page, origin + path)
        problems = watcher.take() + _check(page, axe_source)
        if problems:
            report[f"phone {path}"] = problems
    return report


# Every role, in two tests of about a minute each: a seed costs about as much as a role's
# crawl, so each test seeds once for its roles (the crawls only read); one test for all six
# ran over two minutes, often the last one left on a worker while the other had finished.
ROLE_GROUPS = {
    "administrator-decider-head": (Role.ADMINISTRATOR, Role.DECIDER, Role.AGENCY_HEAD),
    "reviewer-staff-custodian": (Role.REVIEWER, Role.AGENCY_STAFF, Role.CUSTODIAN),
}


@pytest.mark.parametrize("roles", ROLE_GROUPS.values(), ids=ROLE_GROUPS.keys())
def test_every_page_of_every_role_fits_loads_cleanly_and_is_accessible(
    browser, browser_context_args, live_server, axe_source, migration_data, roles
):
    # migration_data: a transactional test's flush empties the role groups the data migrations
    # made. Each role in a browser context of its own: its own cookies.
    call_command("seed_demo", force_demo=True, verbosity=0)
    _seed_every_table()
    reports = {}
    for role in roles:
        context = browser.new_context(**browser_context_args)
        try:
            reports[role.value] = _every_page_of(role.value, context, live_server, axe_source)
        finally:
            context.close()

    details = "\n".join(
        f"{role} {where}:\n  " + "\n  ".join(items)
        for role, report in reports.items()
        for where, items in report.items()
    )
    assert not details, f"page views with problems:\n{details}"


def test_the_groups_hold_every_role_once():
    grouped = [role for roles in ROLE_GROUPS.values() for role in roles]
    assert sorted(grouped) == sorted(Role) and len(set(grouped)) == len(grouped)
