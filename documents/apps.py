from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Văn bản đi"

    def ready(self):
        # The paper each move issues, inside the move's transaction (documents/observers.py).
        from core.workflow import observe
        from documents import observers
        from passports.hooks import on_loss_recorded
        from passports.models import Passport
        from reports.models import PostTripReport
        from trips.models import TripRequest

        observe(TripRequest, observers.on_trip_moved)
        observe(PostTripReport, observers.on_report_moved)
        observe(Passport, observers.on_custody_moved)
        on_loss_recorded(observers.on_loss_recorded)
        # The register's Excel export, which a worker may build (exports.registry).
        from documents import export

        export.connect()
