from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Hệ thống chung")

    def ready(self):
        from django.db.backends.signals import connection_created

        from core.search import register_sqlite_fold

        connection_created.connect(register_sqlite_fold, dispatch_uid="core.search.fold")
