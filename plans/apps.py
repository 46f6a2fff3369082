from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"
    verbose_name = _("Kế hoạch đối ngoại")

    def ready(self):
        # Trips ask which plan lines a user may follow; plans answer (trips/selectors.py).
        from plans.selectors import plan_lines_usable_by
        from trips.selectors import register_plan_line_scope

        register_plan_line_scope(plan_lines_usable_by)
        from plans import workflow  # noqa: F401  registers the transition table

        # The rules read the agency's annual plan (trips/policy/providers.py).
        from plans.policy_facts import PlanFactsProvider
        from trips.policy import providers

        providers.register(providers.PLANS, PlanFactsProvider())
