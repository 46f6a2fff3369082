from django.contrib import admin

from core.admin_mixins import AGENCY_FILTER, GuardedAdminMixin, ReadOnlyHistoryAdmin, ReadOnlyInline
from trips.models import TripDocument, TripMember, TripRequest, TripTransition
from trips.models_policy import PolicyChange

# Read-only in every status: a request changes only through trips.services (the browser and
# the API), which run the rules and write the history; the admin has no add, change or delete.


class TripMemberInline(ReadOnlyInline):
    model = TripMember
    fields = ["official", "is_head"]


class TripDocumentInline(ReadOnlyInline):
    model = TripDocument
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]


class TripTransitionInline(ReadOnlyInline):
    model = TripTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]


@admin.register(TripRequest)
class TripRequestAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "departure_date", "return_date", "status"]
    list_filter = ["status", "kind", AGENCY_FILTER, "organiser_type"]
    search_fields = ["title", "inviter", "members__official__full_name"]
    list_select_related = ["agency"]
    date_hierarchy = "departure_date"
    # Never form fields, even if edits were ever allowed here: only the services set them.
    readonly_fields = [
        "status",
        "findings",
        "finding_codes",
        "report_due_on",
        "created_by",
        "submitted_at",
        "decided_at",
    ]
    inlines = [TripMemberInline, TripDocumentInline, TripTransitionInline]
    agency_scope = "agency"


@admin.register(TripTransition)
class TripTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "trip", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["trip__title", "note"]
    list_select_related = ["trip", "actor"]
    agency_scope = "trip__agency"


@admin.register(PolicyChange)
class PolicyChangeAdmin(ReadOnlyHistoryAdmin):
    """The administrator's changes of the policy, never edited here: a change is made on the
    rules page (/ho-so/quy-dinh/) or PATCH /api/v1/policy/, which validate and record it."""

    list_display = ["at", "setting", "old_value", "new_value", "actor", "basis"]
    list_filter = ["setting"]
    search_fields = ["setting", "note", "basis"]
    list_select_related = ["actor"]
