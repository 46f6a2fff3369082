"""PAdES baseline against the test PKI served on loopback (CA, OCSP, CRL, TSA): what the file
says of itself, read with pyHanko as any verifier would."""

import io

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation.dss import DocumentSecurityStore

from accounts.tests.factories import UserFactory
from documents import local_pki, services, signing
from documents.exceptions import SigningFailed, SigningNotConfigured
from documents.rendering import render_pdf


def _file(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def test_an_issued_decision_is_pades_b_lt(approved_trip, signing_key, committed):
    row = committed(services.issue_decision, approved_trip, UserFactory())
    reader = PdfFileReader(io.BytesIO(_file(row)))
    (signature,) = reader.embedded_signatures

    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.md_algorithm == "sha256"
    # B-T: an RFC 3161 token from the configured TSA over the signature.
    (token,) = [
        attr["values"][0]
        for attr in signature.signer_info["unsigned_attrs"]
        if attr["type"].native == "signature_time_stamp_token"
    ]
    tsa_names = [c.chosen.subject.native["common_name"] for c in token["content"]["certificates"]]
    assert "travelmgmt TSA thử nghiệm" in tsa_names
    # B-LT: the chain's revocation answers are in the file's DSS.
    dss = DocumentSecurityStore.read_dss(reader)
    assert dss.ocsps and dss.crls
    (check,) = signing.verify_pdf(_file(row)).signatures
    assert check.valid and check.timestamp and check.ltv and check.role == "body"


def test_a_revoked_certificate_cannot_sign(signing_key):
    """The OCSP responder says the key is revoked: nothing is signed with it."""
    pdf = render_pdf("documents/pdf/decision.html", {"doc": {"symbol": "01"}})
    data = signing_key.pkcs12(local_pki.REVOKED, "x")
    revoked = signers.SimpleSigner.load_pkcs12_data(data, [], passphrase=b"x")
    with pytest.raises(SigningFailed):
        signing.sign_pdf(pdf, symbol="01/QĐ-UBND", signer_name="x", signer=revoked)


def test_a_real_key_without_a_tsa_is_refused(signing_key, settings):
    settings.SIGNING_TSA_URL = ""
    with pytest.raises(SigningNotConfigured, match="SIGNING_TSA_URL"):
        signing.timestamper()


def test_the_body_signs_with_a_key_in_a_pkcs11_token(approved_trip, softhsm, committed, settings):
    settings.SIGNING_BODY_KEY = "pkcs11"
    settings.SIGNING_PKCS12_FILE = ""  # the token only: no file to fall back on
    settings.SIGNING_PKCS11_MODULE = softhsm
    settings.SIGNING_PKCS11_TOKEN = "travelmgmt"
    settings.SIGNING_PKCS11_KEY_LABEL = "con-dau"
    settings.SIGNING_PKCS11_PIN = "1234"
    row = committed(services.issue_decision, approved_trip, UserFactory())

    (check,) = signing.verify_pdf(_file(row)).signatures
    assert check.valid and check.ltv and check.name == local_pki.NAMES[local_pki.BODY]


def test_a_wrong_token_pin_is_refused_without_naming_it(softhsm, settings):
    settings.SIGNING_BODY_KEY = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = softhsm
    settings.SIGNING_PKCS11_TOKEN = "travelmgmt"
    settings.SIGNING_PKCS11_KEY_LABEL = "con-dau"
    settings.SIGNING_PKCS11_PIN = "9999"
    pdf = render_pdf("documents/pdf/decision.html", {"doc": {"symbol": "01"}})
    with pytest.raises(SigningFailed) as refused:
        signing.sign_pdf(pdf, symbol="01/QĐ-UBND", signer_name="x")
    assert "9999" not in str(refused.value)


def test_a_pkcs11_key_without_its_settings_is_refused_before_a_number(settings):
    settings.SIGNING_BODY_KEY = "pkcs11"
    settings.SIGNING_PKCS11_TOKEN = ""
    with pytest.raises(SigningNotConfigured, match="SIGNING_PKCS11_TOKEN"):
        signing.ready()
