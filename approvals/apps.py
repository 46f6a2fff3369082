from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "approvals"
    verbose_name = _("Phê duyệt hồ sơ")

    def ready(self):
        from approvals import workflow  # noqa: F401  registers the request's transition table
