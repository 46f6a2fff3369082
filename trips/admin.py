from django.contrib import admin

from core.admin_mixins import ReadOnlyHistoryAdmin, ReadOnlyHistoryInline
from trips.models import TripDocument, TripMember, TripRequest, TripTransition


class TripMemberInline(admin.TabularInline):
    model = TripMember
    extra = 0
    autocomplete_fields = ["official"]


class TripDocumentInline(admin.TabularInline):
    model = TripDocument
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class TripTransitionInline(ReadOnlyHistoryInline):
    model = TripTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(TripRequest)
class TripRequestAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "departure_date", "return_date", "status"]
    list_filter = ["status", "kind", "agency", "organiser_type"]
    search_fields = ["title", "inviter", "members__official__full_name"]
    list_select_related = ["agency"]
    date_hierarchy = "departure_date"
    # Status, findings and stamps change only through the services (trips.services).
    readonly_fields = [
        "status",
        "findings",
        "report_due_on",
        "created_by",
        "submitted_at",
        "decided_at",
    ]
    inlines = [TripMemberInline, TripDocumentInline, TripTransitionInline]


@admin.register(TripTransition)
class TripTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "trip", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["trip__title", "note"]
    list_select_related = ["trip", "actor"]
