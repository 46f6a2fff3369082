from django.apps import AppConfig


class TripsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trips"

    def ready(self):
        from trips import workflow  # noqa: F401  registers the transition table
