"""What issuing and verifying refuse, each with a message for the person who asked."""

try:  # the shared error base arrives with the workflow work; until then, the trips' one
    from core.errors import ServiceError as _Base
except ImportError:  # pragma: no cover - depends on the merge order
    from trips.exceptions import TripError as _Base


class DocumentError(_Base):
    """Issuing a document failed: the surrounding approval fails as a whole."""


class SigningNotConfigured(DocumentError):
    pass


class DocumentNotReady(DocumentError):
    """The document is registered but its file is still being made (after the commit)."""


class SigningFailed(DocumentError):
    """The key, the time-stamping authority or a revocation service did not answer."""


class NoSigningCredential(DocumentError):
    """The person who decides has no signing credential of their own (API: 409)."""
