from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PassportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "passports"
    verbose_name = _("Hộ chiếu")

    def ready(self):
        # The rules read the members' passports (core.signals.facts_wanted).
        from core.signals import facts_wanted, official_left, official_transferred
        from passports import workflow  # noqa: F401  registers the transition table
        from passports.receivers import facts, hand_over_passports, mark_passports_of_departed

        facts_wanted.connect(facts, dispatch_uid="passports.facts")
        # A departed holder's diplomatic and official passports await invalidation.
        official_left.connect(
            mark_passports_of_departed, dispatch_uid="passports.mark_passports_of_departed"
        )
        # A transferred holder's passports are handed over to the new agency.
        official_transferred.connect(hand_over_passports, dispatch_uid="passports.hand_over")
