from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuthorityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "authority"
    verbose_name = _("Thẩm quyền quyết định")

    def ready(self):
        from authority import signals  # noqa: F401  (an agency's body)
