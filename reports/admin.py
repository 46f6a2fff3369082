from django.contrib import admin

from core.admin_mixins import ReadOnlyHistoryAdmin, ReadOnlyHistoryInline
from reports.models import PostTripReport, ReportTransition


class ReportTransitionInline(ReadOnlyHistoryInline):
    model = ReportTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(PostTripReport)
class PostTripReportAdmin(admin.ModelAdmin):
    list_display = ["trip", "due_on", "status", "submitted_at", "working_days_late"]
    list_filter = ["status"]
    search_fields = ["trip__title", "summary"]
    list_select_related = ["trip"]
    readonly_fields = [
        "status",
        "due_on",
        "submitted_at",
        "submitted_by",
        "working_days_late",
        "accepted_at",
    ]
    inlines = [ReportTransitionInline]


@admin.register(ReportTransition)
class ReportTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "report", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["report__trip__title", "note"]
    list_select_related = ["report__trip", "actor"]
