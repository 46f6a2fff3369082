from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "passports"
    verbose_name = _("Hộ chiếu")

    def ready(self):
        from passports import workflow  # noqa: F401  registers the transition table

        # The rules read the members' passports (trips/policy/providers.py).
        from passports.policy_facts import PassportFacts
        from trips.policy import providers

        providers.register(providers.PASSPORTS, PassportFacts())
