from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = "Văn bản đi"

    def ready(self):
        # The paper each move issues, inside the move's transaction (core.signals).
        from core import signals
        from documents import receivers
        from passports.models import Passport, PassportLoss
        from reports.models import PostTripReport
        from trips.models import TripRequest

        for sender, receiver in [
            (TripRequest, receivers.trip_moved),
            (PostTripReport, receivers.report_moved),
            (Passport, receivers.custody_moved),
        ]:
            signals.moved.connect(receiver, sender=sender, dispatch_uid=receiver.__qualname__)
        signals.loss_recorded.connect(
            receivers.loss_recorded, sender=PassportLoss, dispatch_uid="documents.loss_recorded"
        )
        # The register's Excel export, which a worker may build (exports.registry).
        from documents import export

        export.connect()
