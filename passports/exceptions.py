from django.utils.translation import gettext as _

from trips.exceptions import TripError


class CustodyError(TripError):
    """A custody operation refused, with the reason for the custodian."""


class CustodyStatusError(CustodyError):
    """The passport is not in the status the operation needs (a conflict, HTTP 409)."""

    def __init__(self, message, status):
        super().__init__(message)
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
