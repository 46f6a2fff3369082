from django.utils.translation import gettext as _

from trips.exceptions import TripError


class CustodyError(TripError):
    """A custody operation refused, with the reason for the custodian."""


def not_in_status(passport, expected_label):
    return CustodyError(
        _("Hộ chiếu %(number)s đang ở tình trạng “%(status)s”, không phải “%(expected)s”.")
        % {
            "number": passport.number,
            "status": passport.get_status_display(),
            "expected": expected_label,
        }
    )
