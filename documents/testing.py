"""A pytest plugin (named in the root conftest): every test session signs with a throw-away CA
made in a temporary folder, so that approvals anywhere in the suite issue signed decisions
as production would (tests run with DEBUG off, where an unconfigured key is refused); and
`committed`, for the tests that read an issued file (made after the commit, which a test's
transaction never reaches)."""

import pytest
from django.conf import settings

from documents import pki

NAMES = ("SIGNING_PKCS12_FILE", "SIGNING_PKCS12_PASSWORD", "SIGNING_TRUST_ROOTS")


@pytest.fixture(autouse=True, scope="session")
def session_signing_key(tmp_path_factory):
    material = pki.make_material(tmp_path_factory.mktemp("signing"))
    before = {name: getattr(settings, name) for name in NAMES}
    settings.SIGNING_PKCS12_FILE = str(material.pkcs12_file)
    settings.SIGNING_PKCS12_PASSWORD = material.password
    settings.SIGNING_TRUST_ROOTS = str(material.trust_roots)
    yield material
    for name, value in before.items():
        setattr(settings, name, value)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`committed(action, *args, **kwargs)`: run an action as if its transaction committed.
    Its on_commit callbacks then run, the rendering task in-process even where a broker is
    configured (CI), so that the documents it issued have their file. A register row it
    returns is read again (with its file and hash)."""
    from documents.models import IssuedDocument
    from travelmgmt.celery import app

    def run(action, *args, **kwargs):
        saved = app.conf.task_always_eager, app.conf.task_eager_propagates
        app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                result = action(*args, **kwargs)
        finally:
            app.conf.task_always_eager, app.conf.task_eager_propagates = saved
        if isinstance(result, IssuedDocument):
            result.refresh_from_db()
        return result

    return run
