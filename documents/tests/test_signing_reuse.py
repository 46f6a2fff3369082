"""What each process keeps between signatures (issue 26: the decision in under 300 ms), and
that keeping it changes nothing a signature carries: the OCSP/CRL answers reused for their
validity and never after a failure; the body's PKCS#12 opened once per version of its file."""

import datetime as dt
import os

import pytest

from documents import body_key, revocation, signing
from documents.rendering import render_pdf


@pytest.fixture
def unsigned(signing_key):
    from documents import contexts as c

    document = c.Document(
        kind="proposal", symbol="1/TTr-X", issued_on=dt.date(2027, 1, 5), heading="TỜ TRÌNH",
        subject="Thử", issuer_lines=["CƠ QUAN"], issuer_parent=[],
        signature=c.Signature(name="Người ký", title="GIÁM ĐỐC"), recipients=[], extra={},
    )  # fmt: skip
    return render_pdf("documents/pdf/base.html", document.as_context())


def test_two_signatures_in_a_row_share_their_revocation_answers_and_both_are_b_lt(unsigned):
    revocation.forget()
    first = signing.sign_pdf(unsigned, symbol="1/X", signer_name="A")
    kept = revocation.fetchers()
    second = signing.sign_pdf(unsigned, symbol="2/X", signer_name="B")

    assert revocation.fetchers() is kept  # no new fetch of the same answers
    for data in (first, second):
        verdict = signing.verify_pdf(data)
        assert verdict.valid and all(s.ltv and s.timestamp for s in verdict.signatures)


def test_answers_are_fetched_again_after_the_cap_or_a_failure(settings):
    # Without a signature: a loaded CI machine once saw the loopback OCSP answer fail (the
    # signature then took the CRL, as it should), which left nothing to reuse and nothing
    # for this test to check. The answers a signature keeps are the first test's.
    revocation.forget()
    kept = revocation.fetchers()
    assert revocation.fetchers() is kept  # pyHanko's cache is where _reusable looks
    results = kept.ocsp_fetcher._RequestsFetcherMixin__results
    results["a failed fetch"] = OSError("OCSP responder down")
    assert revocation.fetchers() is not kept  # a failure is asked again, not reused

    settings.SIGNING_REVOCATION_CACHE_SECONDS = 0
    revocation.forget()
    again = revocation.fetchers()
    assert revocation.fetchers() is not again


def test_the_body_key_is_opened_once_per_version_of_its_file(signing_key, settings, tmp_path):
    with body_key.body_key() as first, body_key.body_key() as second:
        assert first is second
    copy = tmp_path / "body.p12"
    copy.write_bytes(open(settings.SIGNING_PKCS12_FILE, "rb").read())
    settings.SIGNING_PKCS12_FILE = str(copy)
    with body_key.body_key() as third:
        assert third is not first
    os.utime(copy, ns=(1, 1))  # a replaced file: read again
    with body_key.body_key() as fourth:
        assert fourth is not third
    settings.SIGNING_PKCS12_PASSWORD = "sai"
    for _ in range(2):  # a refusal is not kept: each attempt reads the file
        with pytest.raises(signing.SigningNotConfigured), body_key.body_key():
            pass


def test_the_token_session_is_kept_per_thread_and_closed_after_a_failure(softhsm, settings):
    settings.SIGNING_BODY_KEY = "pkcs11"
    settings.SIGNING_PKCS11_MODULE = softhsm
    settings.SIGNING_PKCS11_TOKEN = "travelmgmt"
    settings.SIGNING_PKCS11_KEY_LABEL = "con-dau"
    settings.SIGNING_PKCS11_PIN = "1234"
    with body_key.body_key() as first:
        pass
    with body_key.body_key() as second:
        assert second is first  # the same session, logged in once
    with pytest.raises(RuntimeError), body_key.body_key():
        raise RuntimeError("the token was unplugged")
    with body_key.body_key() as third:
        assert third is not first  # opened afresh
