from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from django.apps import apps

        from accounts import sessions, signals  # noqa: F401  (sign-in; a password change ends API tokens)

        # django-axes names its section "Axes" (its AppConfig has no verbose_name): the admin
        # reads the name from the app config found by its label.
        apps.get_app_config("axes").verbose_name = _("Bảo vệ đăng nhập")
