from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Thống kê"

    def ready(self):
        from analytics import cache, export_jobs, receivers

        cache.connect()
        export_jobs.connect()
        receivers.connect()
