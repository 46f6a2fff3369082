from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarsConfig(AppConfig):
    """The absence calendar in the leaders' own calendar programs: iCalendar feeds (RFC 5545)
    behind a per-user secret address (issue 27). Above trips, agencies and documents."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "calendars"
    verbose_name = _("Lịch đi nước ngoài (iCalendar)")
