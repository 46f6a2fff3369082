from django.apps import AppConfig


class PassportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "passports"

    def ready(self):
        from passports import workflow  # noqa: F401  registers the transition table
