from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Imports from the HR register and from paper decisions: sits above agencies and trips."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Nhập dữ liệu từ bảng tính")
