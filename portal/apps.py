from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The ground floor's opposite: the top floor. It may import every app, and no app
    imports it: the home page, the daily sweep's orchestrator and the demo seed."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
