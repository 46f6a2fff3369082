"""The register's mechanics, shared by every kind of document, in two halves.

In the move's transaction (`issue`): refuse an unsigned decision before a number is taken,
take the number (gap-free: a rolled-back move gives it back) and write the row with the
document's content frozen. After the commit (`render_issued`, run by documents.tasks):
render, sign, store and hash, once. Rendering and signing cost several hundred milliseconds,
which the person who clicked "Phê duyệt" does not wait for. The documents themselves are
built in documents/services.py."""

import functools
import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from core import rawsave
from core.rawsql import as_date, fetch
from documents import appearance, body_key, personal, signing
from documents import contexts as c
from documents.models import IssuedDocument
from documents.numbering import next_number, symbol_of
from documents.rendering import render_pdf_and_anchor

logger = logging.getLogger(__name__)


def today():
    """The issuing date (a function, so that tests can set the calendar)."""
    return timezone.localdate()


def name_of(user) -> str:
    return (user.get_full_name() or user.username).strip()


# sign=SEAL: the issuing body's signature alone, which stands for its seal (proposals,
# reports, passport records); sign=True: the signer's own signature first (decisions).
SEAL = "seal"


def issue(
    document: c.Document, *, template, actor, sign=False, links=None, acting_for="", body=None
):
    """Number and register one document, its content frozen; the file follows the commit
    (documents.tasks.queue_render). Returns the register row, not rendered yet. `sign`:
    False, unsigned; SEAL, the body's signature; True, the signer's own then the body's.
    `body`: the issuing body where the caller has it read already (else found by symbol)."""
    from documents.tasks import queue_render  # the task module imports this one

    personally = sign is True and personal.required()
    issuer = document.extra["issuer_short"]
    if sign:
        if body is None or body.symbol != issuer:
            body = body_key.issuing_body(issuer)
        document.extra["issuer_body"] = body.pk  # its key seals it after the commit
        signing.ready(body)  # refuse before a number is taken (a body with no key)
    credential = None
    if personally:  # no credential of their own, or a locked one
        credential = personal.ready(actor, document.kind)
    # Within the caller's transaction (a move), not a savepoint of its own: a failure from
    # here on undoes the move as a whole; the refusals above write nothing.
    with transaction.atomic(savepoint=False):
        number = next_number(year=document.issued_on.year, issuer=issuer)
        document.symbol = symbol_of(number, document.kind, issuer)
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
            content={"template": template, "document": document.frozen()},
            is_signed=bool(sign),
            issued_by=actor,
            **(links or {}),
        )
        if personally:  # signed by its number before the row is written: one INSERT
            _sign_personally(row, document, actor, credential)
        rawsave.insert(row)
        transaction.on_commit(lambda pk=row.pk: queue_render(pk))
    return row


def _stamp(document) -> None:
    # The visible stamp: the moment of signing, to the second, in Vietnam's time.
    document.extra["stamp"] = {"at": timezone.localtime().strftime("%d/%m/%Y %H:%M:%S %z")}


def _sign_personally(row, document, actor, credential=None) -> None:
    """Render the decision and sign it with the decider's own key, in this request and this
    transaction (documents/personal.py); the file waits for the body's seal after the commit.
    `row` is not saved yet: the caller writes it with its file."""
    _stamp(document)
    pdf, anchor = render_pdf_and_anchor(row.content["template"], document.as_context())
    pdf = personal.sign_personally(
        pdf,
        user=actor,
        symbol=row.symbol,
        signer_name=document.signature.name,
        anchor=anchor,
        kind=row.kind,
        credential=credential,
    )
    row.content = {**row.content, "anchor": anchor}  # where the seal goes, after the commit
    row.file.save(f"{row.number:02d}.pdf", ContentFile(pdf), save=False)


def _seal(body: str, anchor):
    """The seal's visible field over the decider's image (None: an invisible signature)."""
    if not anchor:
        return None
    where = appearance.boxes(anchor)
    # The time printed: now, to the second, ISO 8601 in Vietnam's time (+07:00).
    at = timezone.localtime().isoformat(timespec="seconds")
    image = appearance.seal_image(body, at)
    return appearance.field_and_style(
        signing.FIELD_NAME,
        image,
        page=where["page"],
        box=where["seal"],
        key=("seal", body),
        static_rows=appearance.seal_static_rows(),
    )


def render_issued(pk: int) -> bool:
    """Render, sign, store and hash a registered document; False if it is rendered already
    (or gone). The row stays locked meanwhile, so two runs at once render it once."""
    with transaction.atomic():
        row = (
            IssuedDocument.objects.select_for_update()
            .filter(pk=pk, rendered_at__isnull=True)
            .first()
        )
        if row is None or row.content is None:
            return False
        document = c.Document.thawed(row.content["document"])
        personally_signed = row.file.name if row.file else ""
        anchor = row.content.get("anchor")
        if personally_signed:  # signed by the decider already: the seal is added on top
            with row.file.open("rb") as handle:
                pdf = handle.read()
        else:
            if row.is_signed:
                _stamp(document)
            pdf, anchor = render_pdf_and_anchor(row.content["template"], document.as_context())
        if row.is_signed:  # the issuing body's signature with its own key, for its seal
            body = body_key.issuing_body(row.issuer, document.extra.get("issuer_body"))
            name = document.extra.get("issuer_name") or document.signature.name
            pdf = signing.sign_pdf(
                pdf, symbol=row.symbol, signer_name=name, body=body, appearance=_seal(name, anchor)
            )
        row.sha256 = hashlib.sha256(pdf).hexdigest()
        row.rendered_at = timezone.now()
        row.file.save(f"{row.number:02d}.pdf", ContentFile(pdf), save=False)
        row.save(update_fields=["file", "sha256", "rendered_at"])
        if personally_signed:  # the sealed file replaces it
            storage = row.file.storage
            transaction.on_commit(lambda: storage.delete(personally_signed))
    logger.info("issued document %s (%s) rendered", row.pk, row.symbol)
    return True


def new_document(kind, issuer, *, heading, subject, signature, recipients=(), **extra):
    """`issuer`: (symbol, header lines, full name, parent's header lines), as
    documents.contexts' *_issuer give it."""
    short, lines, full_name, parent = issuer
    extra.update(issuer_short=short, issuer_name=full_name)
    return c.Document(
        kind=kind,
        symbol="",
        issued_on=today(),
        heading=heading,
        subject=subject,
        issuer_lines=lines,
        issuer_parent=list(parent),
        signature=signature,
        recipients=list(recipients),
        extra=extra,
    )


def latest(trip, kind) -> IssuedDocument | None:
    """The trip's latest document of `kind`, to cite: its symbol and date only are read, by
    hand (the ORM's `latest_documents(trip, kind).first()` compiled longer than the database
    ran it; held equal in documents/tests/test_latest.py)."""
    rows = fetch(_latest_sql(), [trip.pk, kind])
    if not rows:
        return None
    pk, symbol, issued_on = rows[0]
    # In the model's field order, as Model.from_db reads a partial row.
    document = IssuedDocument.from_db(
        connection.alias,
        ["id", "symbol", "issued_on", "trip_id"],
        [pk, symbol, as_date(issued_on), trip.pk],
    )
    document.trip = trip
    return document


def latest_documents(trip, kind):
    """The ORM's definition of `latest`: the trip's documents of `kind`, the newest first."""
    documents = trip.issued_documents.filter(kind=kind).only("trip", "symbol", "issued_on")
    return documents.order_by("-created_at", "-id")


@functools.cache
def _latest_sql() -> str:
    return (
        f"SELECT id, symbol, issued_on FROM {IssuedDocument._meta.db_table} "
        "WHERE trip_id = %s AND kind = %s ORDER BY created_at DESC, id DESC LIMIT 1"
    )
