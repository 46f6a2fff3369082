"""A pytest plugin (named in the root conftest): every test session signs with a throw-away CA
made in a temporary folder, so that approvals anywhere in the suite issue signed decisions
as production would (tests run with DEBUG off, where an unconfigured key is refused)."""

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
