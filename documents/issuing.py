"""The register's mechanics, shared by every kind of document: number → render → (sign) →
store → hash, inside the caller's transaction, so that a refused signature or a failed render
fails the approval (or submission, or hand-over) as a whole and gives its number back. The
documents themselves are built in documents/services.py."""

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from documents import contexts as c
from documents import signing
from documents.models import IssuedDocument
from documents.numbering import next_number, symbol_of
from documents.rendering import render_pdf


def today():
    """The issuing date (a function, so that tests can set the calendar)."""
    return timezone.localdate()


def name_of(user) -> str:
    return (user.get_full_name() or user.username).strip()


def issue(document: c.Document, *, template, actor, sign=False, links=None, acting_for=""):
    """Number, render, sign, store and register one document; returns the register row."""
    with transaction.atomic():
        if sign:
            signing.material()  # refuse before a number is taken
        issuer = document.extra["issuer_short"]
        number = next_number(year=document.issued_on.year, issuer=issuer)
        document.symbol = symbol_of(number, document.kind, issuer)
        if sign:
            # The visible stamp: the moment of signing, to the second, in Vietnam's time.
            at = timezone.localtime().strftime("%d/%m/%Y %H:%M:%S %z")
            document.extra["stamp"] = {"at": at}
        pdf = render_pdf(template, document.as_context())
        if sign:
            pdf = signing.sign_pdf(pdf, symbol=document.symbol, signer_name=document.signature.name)
        row = IssuedDocument(
            year=document.issued_on.year,
            issuer=issuer,
            number=number,
            symbol=document.symbol,
            kind=document.kind,
            title=document.title[:500],
            issued_on=document.issued_on,
            signer=document.signature.printed[:200],
            signed_as=document.signature.signed_as,
            acting_for=acting_for,
            sha256=hashlib.sha256(pdf).hexdigest(),
            is_signed=sign,
            issued_by=actor,
            **(links or {}),
        )
        row.file.save(f"{number:02d}.pdf", ContentFile(pdf), save=False)
        row.save()
    return row


def new_document(kind, issuer, *, heading, subject, signature, recipients=(), **extra):
    short, lines, full_name = issuer
    parent = []
    if short != settings.DOCUMENT_PROVINCE_SHORT:
        parent = [settings.DOCUMENT_PROVINCE_BODY, settings.DOCUMENT_PROVINCE_NAME]
    extra.update(issuer_short=short, issuer_name=full_name)
    return c.Document(
        kind=kind,
        symbol="",
        issued_on=today(),
        heading=heading,
        subject=subject,
        issuer_lines=lines,
        issuer_parent=parent,
        signature=signature,
        recipients=list(recipients),
        extra=extra,
    )


def latest(trip, kind) -> IssuedDocument | None:
    return trip.issued_documents.filter(kind=kind).order_by("-created_at", "-id").first()
