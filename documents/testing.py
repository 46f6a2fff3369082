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
    # Each body seals with its own key (documents/body_key.py): every body a test makes gets
    # one from this PKI, named after it; the People's Committee signs with the key configured
    # above (the environment's), as a province's would.
    from django.db.models.signals import post_save

    from authority.models import Body

    def keyed(sender, instance, created, raw=False, **kwargs):
        if created and not raw:
            give_body_key(pki, instance)

    post_save.connect(keyed, sender=Body, dispatch_uid="documents.testing.keyed")
    yield pki
    post_save.disconnect(sender=Body, dispatch_uid="documents.testing.keyed")
    for name, value in before.items():
        setattr(settings, name, value)
    pki.stop()


def give_body_key(pki, body) -> None:
    """`body`'s own PKCS#12 from the test PKI (subject: its name), stored as the administrator's
    upload is (documents.body_key.key_set, without its audit row); the People's Committee keeps
    the environment's key."""
    from authority.models import Body
    from documents.credentials import encrypt

    if body.code == Body.PROVINCE or body.key_source:
        return
    fields = {
        "key_source": Body.KeySource.PKCS12,
        "key_pkcs12": encrypt(pki.body_pkcs12(body.name, BODY_PASSWORD)),
        "key_password": encrypt(BODY_PASSWORD.encode()).decode(),
        "key_subject": body.name,
    }
    Body.objects.filter(pk=body.pk).update(**fields)
    for name, value in fields.items():
        setattr(body, name, value)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, local_pki_served):
    """The bodies the migrations made (the Department of Home Affairs) get their key too."""
    from authority.models import Body

    with django_db_blocker.unblock():
        for body in Body.objects.filter(key_source=""):
            give_body_key(local_pki_served, body)


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
