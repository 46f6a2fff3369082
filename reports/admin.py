from django.contrib import admin

from core.admin_mixins import GuardedAdminMixin, ReadOnlyHistoryAdmin, ReadOnlyInline
from reports.models import PostTripReport, ReportTransition

# Read-only: a report is written, submitted and reviewed only through reports.services.


class ReportTransitionInline(ReadOnlyInline):
    model = ReportTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]


@admin.register(PostTripReport)
class PostTripReportAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["trip", "due_on", "status", "submitted_at", "working_days_late"]
    list_filter = ["status"]
    search_fields = ["trip__title", "summary"]
    list_select_related = ["trip"]
    readonly_fields = [  # only the services set them
        "status",
        "due_on",
        "submitted_at",
        "submitted_by",
        "working_days_late",
        "accepted_at",
    ]
    inlines = [ReportTransitionInline]
    agency_scope = "trip__agency"


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "report", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["report__trip__title", "note"]
    list_select_related = ["report__trip", "actor"]
    agency_scope = "report__trip__agency"
