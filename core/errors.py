"""The one error hierarchy of the services. Every app's errors derive from `ServiceError`
(pretix's `OrderError`): views turn them into a message, the API into its error format.

- `TransitionNotAllowed`: the object is not in a status that allows the move (API 409).
- `ReasonRequired`: the move needs a reason and none was given (API 400 on `reason`).
- `NotAllowed`: this user may not do this to this object (403). It is also Django's
  `PermissionDenied`, so that a view that does not catch it answers 403, as before.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


class ServiceError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TransitionNotAllowed(ServiceError):
    """`status` is the object's status when it was refused (API.md: 409 carries it)."""

    def __init__(self, obj, target, message=None):
        self.status = obj.status
        if message is None:
            message = _("Không thể chuyển từ trạng thái “%(from)s” sang “%(to)s”.") % {
                "from": obj.get_status_display(),
                "to": status_label(obj, target),
            }
        super().__init__(message)


def status_label(obj, value) -> str:
    try:
        return type(obj).Status(value).label
    except ValueError:  # a status added by a workflow table, not (yet) in the choices
        from core.workflow.table import table_for

        return table_for(obj).status_label(value)


class ReasonRequired(ServiceError):
    def __init__(self, message=None):
        super().__init__(message or _("Phải nêu lý do."))


class NotAllowed(ServiceError, PermissionDenied):
    def __init__(self, message=None):
        super().__init__(message or _("Không có quyền thực hiện thao tác này."))
