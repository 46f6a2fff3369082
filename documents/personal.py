"""The decider's own signature, made in the request in which they decide: the PIN they typed
cannot leave that request (a task would have to store it), so the decision is rendered and
signed with their credential there, inside the approval's transaction. A missing credential,
a wrong PIN or a signing service that does not answer undoes the approval as a whole. The
body's seal follows after the commit (documents/issuing.py)."""

from django.conf import settings

from core import signing_pin
from documents import appearance, pin_attempts
from documents.credentials import SigningPinRefused, credential_of, pkcs12_signer, require_pin
from documents.models import SigningCredential
from documents.validation import PERSON_FIELD


def required() -> bool:
    """Every decision carries its signer's own signature (SIGNING_PERSONAL_REQUIRED, on by
    default; the suite turns it off except where it tests it)."""
    return settings.SIGNING_PERSONAL_REQUIRED


def ready(user, kind=None) -> SigningCredential:
    """Refuse before the decision takes its number: no credential of the signer's own, or
    one locked by wrong PINs (API 409); `kind` (IssuedDocument.Kind) names the document."""
    credential = credential_of(user, kind)
    pin_attempts.require_unlocked(credential, user, kind)
    return credential


def sign_personally(
    pdf: bytes, *, user, symbol: str, signer_name: str, anchor=None, kind=None, credential=None
) -> bytes:
    """`pdf` signed by `user`'s own credential with the PIN held for this request; visible
    (their signature image) where the renderer left the box `anchor`. `kind`: the document's
    (IssuedDocument.Kind), named when the PIN is missing. `credential`: as `ready` returned
    it earlier in this request (else read here)."""
    from documents.remote_signing import sign_remotely
    from documents.signing import sign_pdf

    credential = credential or ready(user, kind)
    pin = require_pin(signing_pin.current(), kind)
    how = {"symbol": symbol, "signer_name": signer_name, "field": PERSON_FIELD}
    if anchor:
        where = appearance.boxes(anchor)
        how["appearance"] = appearance.field_and_style(
            PERSON_FIELD,
            appearance.person_image(signer_name),
            page=where["page"],
            box=where["person"],
            key=("person", signer_name),  # drawn from the name alone
        )
    try:
        if credential.kind == SigningCredential.Kind.CSC:
            signed = sign_remotely(pdf, credential=credential, pin=pin, **how)
        else:
            signed = sign_pdf(pdf, signer=pkcs12_signer(credential, pin), **how)
    except SigningPinRefused as wrong:  # counted once the decision has rolled back
        pin_attempts.refused(wrong, credential=credential, actor=user)
        raise
    pin_attempts.right_pin(credential)
    return signed
