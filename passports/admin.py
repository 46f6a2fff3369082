from django.contrib import admin

from core.admin_mixins import ReadOnlyHistoryAdmin, ReadOnlyHistoryInline
from passports.models import CustodyEvent, Passport


class CustodyEventInline(ReadOnlyHistoryInline):
    model = CustodyEvent
    fields = ["at", "action", "actor", "trip", "counterpart", "due_back_on", "is_late", "note"]
    readonly_fields = fields


@admin.register(Passport)
class PassportAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "official", "expires_on", "status", "storage_location"]
    list_filter = ["kind", "status", "official__agency"]
    search_fields = ["number", "official__full_name"]
    list_select_related = ["official"]
    autocomplete_fields = ["official"]
    # Custody status moves only through the custody services, which write the log.
    readonly_fields = ["status", "lost_reported_on"]
    inlines = [CustodyEventInline]


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "passport", "action", "actor", "trip", "is_late"]
    list_filter = ["action", "is_late"]
    search_fields = ["passport__number", "passport__official__full_name", "note"]
    list_select_related = ["passport", "actor", "trip"]
