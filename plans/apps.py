from django.apps import AppConfig


class PlansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "plans"

    def ready(self):
        # Trips ask which plan lines a user may follow; plans answer (trips/selectors.py).
        from plans.selectors import plan_lines_usable_by
        from trips.selectors import register_plan_line_scope

        register_plan_line_scope(plan_lines_usable_by)
        from plans import workflow  # noqa: F401  registers the transition table
