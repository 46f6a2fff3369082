from django.utils.translation import gettext as _

from core import errors


class CustodyError(errors.ServiceError):
    """A custody operation refused, with the reason for the custodian."""


class CustodyStatusError(CustodyError, errors.TransitionNotAllowed):
    """The passport is not in the status the operation needs (a conflict, HTTP 409)."""

    def __init__(self, message, status):
        errors.ServiceError.__init__(self, message)
        self.status = status


def not_in_status(passport, expected_label):
    return CustodyStatusError(
        _("Hộ chiếu %(number)s đang ở tình trạng “%(status)s”, không phải “%(expected)s”.")
        % {
            "number": passport.number,
            "status": passport.get_status_display(),
            "expected": expected_label,
        },
        passport.status,
    )


class PassportTransitionNotAllowed(CustodyStatusError):
    """A move the passport's transition table does not allow from its status."""

    def __init__(self, passport, target):
        super().__init__(
            _("Hộ chiếu %(number)s đang ở tình trạng “%(status)s”: không thể chuyển sang “%(to)s”.")
            % {
                "number": passport.number,
                "status": passport.get_status_display(),
                "to": errors.status_label(passport, target),
            },
            passport.status,
        )
