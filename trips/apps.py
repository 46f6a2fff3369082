from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TripsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trips"
    verbose_name = _("Hồ sơ đi nước ngoài")

    def import_models(self):
        super().import_models()
        # The approval chain's models live in their own module (issue 13).
        import_module("trips.models_chain")
        # The administrator's changes of the policy's settings (issue 28).
        import_module("trips.models_policy")

    def ready(self):
        from trips import workflow  # noqa: F401  registers the transition table
        from trips.policy import PolicyConfig  # the package: every rule registered first

        # A wrong POLICY_PROFILE or POLICY_<NAME> stops the start, not the first check.
        PolicyConfig.from_environment()
