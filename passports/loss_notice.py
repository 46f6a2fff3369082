"""The notice of a lost passport (Law 49/2019 Art. 28.1): to the Ministry of Foreign Affairs'
consular department (the issuing office of diplomatic and official passports) and the Ministry
of Public Security's immigration department.

`loss_notice_data` is the one structure both the print view here and the PDF of
documents.services.issue_loss_notice(...) can read: plain values, no request.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from core.formatting import format_date


def recipients():
    return [
        _("Cục Lãnh sự – Bộ Ngoại giao"),
        _("Cục Quản lý xuất nhập cảnh – Bộ Công an"),
    ]


def loss_notice_data(loss) -> dict:
    passport = loss.passport
    official = passport.official
    return {
        "organisation": getattr(settings, "ORGANISATION_NAME", ""),
        "agency": official.agency.name,
        "recipients": recipients(),
        "holder": official.full_name,
        "holder_honorific": official.honorific_name,
        "date_of_birth": format_date(official.date_of_birth),
        "position": official.position,
        "passport_kind": passport.get_kind_display(),
        "passport_number": passport.number,
        "issued_on": format_date(passport.issued_on),
        "expires_on": format_date(passport.expires_on),
        "lost_on": format_date(loss.lost_on),
        "place": loss.place,
        "circumstances": loss.circumstances,
        "reported_on": format_date(loss.reported_on),
        "reported_by": loss.get_reported_by_display(),
        "recorded_by": str(loss.recorded_by),
        "recorded_on": format_date(loss.recorded_at.date()),
        # The outgoing register's number once documents.issue_loss_notice is wired.
        "register_number": "",
    }
