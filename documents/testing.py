"""A pytest plugin (named in the root conftest): every test session signs as production would
(tests run with DEBUG off, where an unconfigured key is refused), against a whole PKI served on
loopback (documents/local_pki.py: CA, OCSP, CRL, TSA, remote signing), so that approvals
anywhere in the suite issue PAdES B-LT decisions; and
`committed`, for the tests that read an issued file (made after the commit, which a test's
transaction never reaches)."""

import pytest
from django.conf import settings

from documents import local_pki

NAMES = (
    "SIGNING_PKCS12_FILE",
    "SIGNING_PKCS12_PASSWORD",
    "SIGNING_TRUST_ROOTS",
    "SIGNING_TSA_URL",
    "SIGNING_PERSONAL_REQUIRED",
)
BODY_PASSWORD = "mat-khau-co-quan"


@pytest.fixture(autouse=True, scope="session")
def local_pki_served(tmp_path_factory):
    """The test PKI, served for the whole session (one per xdist worker, about half a second),
    its body key configured as a province's PKCS#12 would be."""
    pki = local_pki.start(tmp_path_factory.mktemp("pki"))
    body = pki.directory / "body.p12"
    body.write_bytes(pki.pkcs12(local_pki.BODY, BODY_PASSWORD))
    before = {name: getattr(settings, name) for name in NAMES}
    settings.SIGNING_PKCS12_FILE = str(body)
    settings.SIGNING_PKCS12_PASSWORD = BODY_PASSWORD
    settings.SIGNING_TRUST_ROOTS = str(pki.trust_roots)
    settings.SIGNING_TSA_URL = pki.tsa_url
    # Approvals elsewhere in the suite are not about signatures: the decider's own signature
    # (a credential, a PIN, a render in the request) is required only where a test turns it
    # on (documents/tests/test_personal.py); production requires it by default.
    settings.SIGNING_PERSONAL_REQUIRED = False
    yield pki
    for name, value in before.items():
        setattr(settings, name, value)
    pki.stop()


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
