"""One error format for the API (API.md, Conventions), from the services' own exceptions.

400 field errors, 401 not signed in, 403 not allowed, 404 outside the caller's scope,
409 wrong status {"detail", "status"}, 422 blocked by the policy {"detail", "findings"}.
"""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ReasonRequired, ServiceError, TransitionNotAllowed
from documents.exceptions import NoSigningCredential
from passports.exceptions import CustodyStatusError
from trips.exceptions import JustificationMissing, PolicyBlocked

# Every app's "wrong status" derives from core's TransitionNotAllowed (plans, reports, trips).
CONFLICTS = (TransitionNotAllowed, CustodyStatusError)


def exception_handler(exc, context):
    if isinstance(exc, CONFLICTS):
        return Response(
            {"detail": exc.message, "status": exc.status}, status=status.HTTP_409_CONFLICT
        )
    if isinstance(exc, NoSigningCredential):
        # The request keeps its status: {"status": ""} says nothing moved.
        return Response({"detail": exc.message, "status": ""}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PolicyBlocked):
        return Response(
            {"detail": exc.message, "findings": [f.as_dict() for f in exc.findings]},
            status=status.HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if isinstance(exc, JustificationMissing):
        return Response(
            {"justifications": list(exc.messages.values())}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, ReasonRequired):
        return Response({"reason": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, PermissionDenied):  # core.errors.NotAllowed included
        return Response(
            {"detail": str(exc) or _("Không có quyền thực hiện thao tác này.")},
            status=status.HTTP_403_FORBIDDEN,
        )
    if isinstance(exc, ServiceError):
        # A service error that concerns one field of the body says so (`field`).
        field = getattr(exc, "field", None) or "non_field_errors"
        return Response({field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(_field_errors(exc))
    return drf_exception_handler(exc, context)


def _field_errors(error: DjangoValidationError) -> dict:
    """A service's ValidationError as API.md's {"field": ["message", ...]}: the fields it
    names (e.g. {"justifications": ["… FOO …"]}), the rest under non_field_errors."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    return {
        ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }
