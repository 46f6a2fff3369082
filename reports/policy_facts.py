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
        # A scalar subquery on the report's unique trip: looked up per trip by its index.
        # As NOT EXISTS, PostgreSQL hashed every filed report of the province instead, once
        # per check (~1 ms at 8 000 reports, growing with the years on record).
        sql = (
            f"NOT COALESCE((SELECT r.status IN ({placeholders}) FROM {table} r "
            f"WHERE r.trip_id = {trip_id_column}), FALSE)"
        )
        return sql, list(FILED)
