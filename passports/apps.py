from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "passports"
    verbose_name = _("Hộ chiếu")

    def ready(self):
        # The rules read the members' passports (core.signals.facts_wanted).
        from core.signals import facts_wanted, official_left
        from passports import workflow  # noqa: F401  registers the transition table
        from passports.receivers import facts, mark_passports_of_departed

        facts_wanted.connect(facts, dispatch_uid="passports.facts")
        # A departed holder's diplomatic and official passports await invalidation.
        official_left.connect(
            mark_passports_of_departed, dispatch_uid="passports.mark_passports_of_departed"
        )
