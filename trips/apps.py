from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trips"
    verbose_name = _("Hồ sơ đi nước ngoài")

    def ready(self):
        from trips.policy import PolicyConfig  # the package: every rule registered first

        # A wrong POLICY_PROFILE or POLICY_<NAME> stops the start, not the first check.
        PolicyConfig.from_environment()
        # The staff of open requests are told when a member leaves the service.
        from core.signals import official_left, official_transferred
        from trips.member_notices import flag_requests_of_departed, flag_requests_of_transferred

        official_left.connect(flag_requests_of_departed, dispatch_uid="trips.flag_departed")
        official_transferred.connect(
            flag_requests_of_transferred, dispatch_uid="trips.flag_transferred"
        )
