"""Demo data: a signed decision for each of the demo's approved trips (idempotent).

Approvals through `trip_approve` issue their decision already; this catches the trips that
were approved before the documents app existed (an older demo database). Trips recorded as
*past decided trips* keep the decision they were recorded with and get none here."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from documents import pki, services
from documents.credentials import credential_add
from documents.models import IssuedDocument, SigningCredential
from trips.models import TripRequest, TripTransition

DECIDED = (TripRequest.Status.APPROVED, TripRequest.Status.COMPLETED)
DECISION_KINDS = (IssuedDocument.Kind.DECISION, IssuedDocument.Kind.PERMISSION)


def seed_demo_documents() -> int:
    """Issue the missing decisions; returns how many were issued."""
    approvals = (
        TripTransition.objects.filter(
            trip__status__in=DECIDED,
            from_status=TripRequest.Status.SUBMITTED,
            to_status=TripRequest.Status.APPROVED,
        )
        .exclude(trip__issued_documents__kind__in=DECISION_KINDS)
        .select_related("trip__agency", "actor")
        .order_by("at", "id")
    )
    issued = 0
    for approval in approvals:
        if approval.actor is None:
            continue
        with transaction.atomic():
            trip = TripRequest.objects.select_for_update().get(pk=approval.trip_id)
            if trip.issued_documents.filter(kind__in=DECISION_KINDS).exists():
                continue
            services.issue_decision(trip, approval.actor)
            issued += 1
    return issued


# The signing PIN of every demo signer's throw-away credential (printed by seed_demo).
DEMO_PIN = "123456"


def seed_demo_credentials(signers, administrator) -> bool:
    """Give each demo signer a throw-away personal credential (a PKCS#12 from the throw-away
    CA, locked with DEMO_PIN) unless they have one. Only where that CA is in use (DEBUG with
    no configured key): a configured CA would not trust it. Returns whether it could."""
    if settings.SIGNING_PKCS12_FILE or not settings.DEBUG:
        return False
    material = pki.load_or_make(Path(settings.MEDIA_ROOT) / "signing-dev")
    seed_demo_body_keys(material, administrator)
    for user in signers:
        if SigningCredential.objects.filter(holder=user, revoked_at__isnull=True).exists():
            continue
        # A certificate's common name holds at most 64 bytes of UTF-8 (Vietnamese: up to 3 each).
        name = (user.get_full_name() or user.username).strip()
        while len(f"{name} (thử nghiệm)".encode()) > 64:
            name = name[:-1]
        name = f"{name} (thử nghiệm)"
        credential_add(
            actor=administrator,
            holder=user,
            kind=SigningCredential.Kind.PKCS12,
            label="Chứng thư thử nghiệm",
            file=pki.personal_pkcs12(material, name, DEMO_PIN),
        )
    return True


def seed_demo_body_keys(material, administrator) -> None:
    """Each body without a key gets its own throw-away one (its certificate names it), set as
    the administrator would (documents.body_key.key_set): a Department's decision is sealed
    by the Department, not by the People's Committee."""
    import secrets

    from authority.models import Body
    from documents.body_key import key_set

    for body in Body.objects.filter(key_source="").order_by("pk"):
        password = secrets.token_urlsafe(16)
        key_set(
            actor=administrator,
            body=body,
            source=Body.KeySource.PKCS12,
            pkcs12=pki.body_pkcs12(material, body.name, password),
            password=password,
        )
