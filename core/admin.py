from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import (
    ADD,
    ALL_FIELDS,
    CHANGE,
    DELETE,
    GuardedAdminMixin,
    RulesRelevantFilter,
    describe_change,
)
from core.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["date", "is_working_day", "note"]
    list_filter = ["is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "date"
    admin_edits = {ADD, CHANGE, DELETE}
    # Working days count leave, report and hand-back deadlines.
    rules_fields = ALL_FIELDS


@admin.register(LogEntry)
class AdminLogAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """Every change made in this admin, with its values: the administrator's audit trail."""

    list_display = ["action_time", "user", "content_type", "object_repr", "action_flag", "change"]
    list_filter = [RulesRelevantFilter, "action_flag", "content_type"]
    search_fields = ["object_repr", "change_message", "user__username"]
    list_select_related = ["user", "content_type"]
    date_hierarchy = "action_time"

    @admin.display(description=_("Nội dung thay đổi"))
    def change(self, entry):
        return describe_change(entry)
