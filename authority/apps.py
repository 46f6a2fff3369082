from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authority"
    verbose_name = _("Thẩm quyền quyết định")

    def ready(self):
        from accounts import substitution_rules
        from authority import signals, substitutes  # noqa: F401  (an agency's body)

        # accounts sits below: it asks this app who may stand in for whom.
        substitution_rules.register_eligibility(substitutes.eligible_for)
