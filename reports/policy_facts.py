"""The reports' facts for the rules module and the plans' figures (trips/policy/
providers.py), registered by reports/apps.py: which reports are filed."""

from __future__ import annotations

from django.db.models import QuerySet

from reports.models import PostTripReport
from reports.selectors import FILED


class ReportFacts:
    def filed(self) -> QuerySet[PostTripReport]:
        return PostTripReport.objects.filter(status__in=FILED)

    def no_filed_report_sql(self, trip_id_column: str) -> tuple[str, list]:
        table = PostTripReport._meta.db_table
        placeholders = ", ".join(["%s"] * len(FILED))
        sql = (
            f"NOT EXISTS (SELECT 1 FROM {table} r "
            f"WHERE r.trip_id = {trip_id_column} AND r.status IN ({placeholders}))"
        )
        return sql, list(FILED)
