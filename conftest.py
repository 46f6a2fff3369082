"""Project-wide fixtures, named as personas (STYLE.md): staff_a, staff_b, reviewer, ..."""

import os
import shutil

import pytest
from django.conf import settings

from accounts.roles import Role
from accounts.tests.factories import UserFactory, staff_of
from agencies.tests.factories import AgencyFactory

# Every session signs documents with a throw-away CA (documents/testing.py).
pytest_plugins = ["documents.testing"]

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# "gw0", "gw1", ... in a pytest-xdist worker (`make test` runs the suite with -n); None otherwise.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")


# CI runs the suite twice (.ci/run): on SQLite with tasks in-process, then on PostgreSQL with a
# Redis broker. TEST_SCOPE=database on the second run leaves out what the first already proved
# and the database cannot change: tests that never get a database (pytest-django refuses one
# to a test that did not ask for it; those that start a process give it variables of its own),
# and the browser tests (e2e/), whose server side the view and API tests cover on both.
# Unset (or "all"): the whole suite.
TEST_SCOPES = ("all", "database")
TEST_SCOPE = os.environ.get("TEST_SCOPE") or "all"
# What asks pytest-django for the database, directly or through another fixture.
# (Not django_db_blocker: pytest-django gives every test that one, to refuse the database.)
DATABASE_FIXTURES = {"_django_db_helper", "db", "transactional_db", "live_server"}


def pytest_report_header(config):
    if TEST_SCOPE != "all":
        return (
            f"TEST_SCOPE={TEST_SCOPE}: deselected, the tests that use no database and the "
            "browser tests (e2e/): the SQLite run ran them"
        )


def uses_the_database(item) -> bool:
    from django.test import TransactionTestCase

    cls = getattr(item, "cls", None)
    return bool(
        item.get_closest_marker("django_db")
        or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        or (cls is not None and issubclass(cls, TransactionTestCase))
    )


@pytest.hookimpl(trylast=True)  # after e2e/conftest.py has marked its tests
def pytest_collection_modifyitems(config, items):
    if TEST_SCOPE not in TEST_SCOPES:
        raise pytest.UsageError(f"TEST_SCOPE={TEST_SCOPE!r}: one of {', '.join(TEST_SCOPES)}")
    if TEST_SCOPE == "all":
        return
    kept = [
        item for item in items if uses_the_database(item) and not item.get_closest_marker("e2e")
    ]
    if len(kept) < len(items):
        chosen = set(kept)
        config.hook.pytest_deselected(items=[item for item in items if item not in chosen])
        items[:] = kept


def pytest_configure(config):
    if XDIST_WORKER:
        # The workers share one broker: each queues to, purges and consumes its own queue, or
        # one worker's Celery thread would run another's tasks against the wrong test database.
        from travelmgmt.celery import app

        app.conf.task_default_queue = f"celery-{XDIST_WORKER}"
    elif not hasattr(config, "workerinput"):
        # Playwright's artifacts folder (--output) is emptied once, here, before any worker
        # starts: not by each worker while the other is already writing to it.
        output = config.getoption("--output", default=None)
        if output:
            shutil.rmtree(output, ignore_errors=True)


@pytest.fixture(autouse=True, scope="session")
def delete_output_dir():
    """Replaces pytest-playwright's: it emptied the folder in every worker (see above)."""


@pytest.fixture(autouse=True, scope="session")
def media_root_of_this_run(tmp_path_factory):
    """Uploads and issued documents go to a folder of this run, one per xdist worker: none
    are left in the checkout, and parallel workers never share one."""
    from django.test.utils import override_settings

    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not ON_POSTGRES:
        pytest.skip("needs PostgreSQL: SQLite has no row locks (set DATABASE_URL; CI runs it)")


@pytest.fixture
def agency_a(db):
    """Sở Ngoại vụ, its body's symbol set as the province sets it (issue 23: the initials,
    SNV, are the Department of Home Affairs')."""
    from authority.models import Body

    agency = AgencyFactory(code="so-a", name="Sở Ngoại vụ")
    Body.objects.filter(agency=agency).update(symbol="SNgV")
    return agency


@pytest.fixture
def agency_b(db):
    return AgencyFactory(code="so-b", name="Sở Công Thương")


@pytest.fixture
def staff_a(agency_a):
    return staff_of(agency_a, username="staff_a")


@pytest.fixture
def staff_b(agency_b):
    return staff_of(agency_b, username="staff_b")


@pytest.fixture
def reviewer(db):
    """The Department's appraiser (issue 23: a position of the Department, not only a role)."""
    from authority.tests.factories import appraiser

    return appraiser(UserFactory(username="reviewer", roles=[Role.REVIEWER]))


@pytest.fixture
def head_a(agency_a):
    """Agency A's head (thủ trưởng): decides the requests of the officials it manages, which
    the Department's reviewer no longer may (issue 23)."""
    from authority.tests.factories import agency_head

    head = UserFactory(username="head_a", agency=agency_a, roles=[Role.AGENCY_HEAD])
    return agency_head(head, agency_a)


@pytest.fixture
def custodian(db):
    return UserFactory(username="custodian", roles=[Role.CUSTODIAN])


@pytest.fixture
def administrator(db):
    return UserFactory(username="administrator", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def outsider(db):
    """Logged in, but with no role and no agency."""
    return UserFactory(username="outsider")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real passwords, not test ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process for this test, even where a broker is configured (CI)."""
    from travelmgmt.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture(autouse=True)
def broker_queues_resumed():
    """A test that stopped the broker leaves this process's queues paused for a minute
    (core.queueing.BROKER_PAUSE): the next test starts with them open."""
    yield
    from core.queueing import resume_queuing

    resume_queuing()


@pytest.fixture
def migration_data(transactional_db):
    """What the migrations put in a fresh database, put back for a transactional test.

    The flush after a transactional test empties every table, data-migration rows included
    (content types, permissions, role groups, calendar corrections).
    """
    from django.contrib.auth.models import Group, Permission
    from django.core.management.sql import emit_post_migrate_signal

    from accounts.roles import grant_role_permissions
    from authority.tests.factories import restore_authority
    from core.calendar_corrections import restore_calendar_corrections

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    grant_role_permissions(Group, Permission)
    restore_calendar_corrections()
    restore_authority()


@pytest.fixture(autouse=True)
def vietnamese_after_each_test():
    # A test client request in English leaves English active in this thread; code that runs
    # outside a request (services, sweeps) would then speak English in the next test.
    yield
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True, scope="session")
def flush_may_truncate_history():
    """The flush after a transactional test TRUNCATEs every table, history included, which
    the append-only trigger refuses (core.history): on PostgreSQL, let that flush say so."""
    if not ON_POSTGRES:
        yield
        return
    from django.db.backends.postgresql.operations import DatabaseOperations

    from core.history import TRUNCATE_ALLOWED_SETTING

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        allow = f"SET LOCAL {TRUNCATE_ALLOWED_SETTING} = 'on';"
        return [allow, *statements] if statements else statements

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def empty_cache():
    # The API's throttle counters live in the cache: one test's sign-ins must not throttle the next.
    from django.core.cache import cache

    from trips.policy import store

    cache.clear()
    # Every test's database starts without the administrator's policy changes: the cache
    # says so, as a warm cache would (a check's query count is its steady state's).
    store.remember({})
