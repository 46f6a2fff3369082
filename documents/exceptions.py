"""What issuing and verifying refuse, each with a message for the person who asked."""

from core.errors import ServiceError


class DocumentError(ServiceError):
    """Issuing a document failed: the surrounding approval fails as a whole."""


class SigningNotConfigured(DocumentError):
    pass


class DocumentNotReady(DocumentError):
    """The document is registered but its file is still being made (after the commit)."""


class SigningFailed(DocumentError):
    """The key, the time-stamping authority or a revocation service did not answer."""


class NoSigningCredential(DocumentError):
    """The person who decides has no signing credential of their own (API: 409)."""


class SigningCredentialLocked(NoSigningCredential):
    """Locked after too many wrong signing PINs: no usable credential until an administrator
    unlocks it (API: 409, like having none)."""
