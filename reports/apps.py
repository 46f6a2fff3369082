from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Báo cáo kết quả chuyến đi")

    def ready(self):
        # A completed trip owes its report at once (core.signals.trip_completed).
        from core import signals
        from reports.receivers import open_report_of_completed_trip

        signals.trip_completed.connect(
            open_report_of_completed_trip, dispatch_uid="reports.open_report_of_completed_trip"
        )
        from reports import workflow  # noqa: F401  registers the transition table

        # The rules and the plans' figures read which reports are filed
        # (core.signals.facts_wanted).
        from reports.receivers import facts

        signals.facts_wanted.connect(facts, dispatch_uid="reports.facts")
