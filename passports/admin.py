from django.contrib import admin

from core.admin_mixins import ADD, CHANGE, GuardedAdminMixin, ReadOnlyHistoryAdmin, ReadOnlyInline
from core.admin_search import FoldedSearchMixin
from passports.models import CustodyEvent, HolderWarning, InvalidationLetter, Passport, PassportLoss
from passports.services import EDITABLE_FIELDS, passport_edit, passport_register


class CustodyEventInline(ReadOnlyInline):
    model = CustodyEvent
    fields = ["at", "action", "actor", "trip", "counterpart", "due_back_on", "is_late", "note"]


@admin.register(Passport)
class PassportAdmin(FoldedSearchMixin, GuardedAdminMixin, admin.ModelAdmin):
    folded_search_field = "official__name_folded"
    list_display = [
        "number",
        "kind",
        "official",
        "official__agency",
        "expires_on",
        "status",
        "storage_location",
    ]
    list_filter = ["kind", "status", ("official__agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["number", "official__full_name"]
    list_select_related = ["official__agency"]
    autocomplete_fields = ["official"]
    # The register's data goes through the custody services (which check the role and write
    # the custody log); the status moves only by hand-out, take-back, loss, cancellation.
    fields = [*EDITABLE_FIELDS, "status", "lost_reported_on"]
    readonly_fields = ["status", "lost_reported_on"]
    inlines = [CustodyEventInline]
    admin_edits = {ADD, CHANGE}
    agency_scope = "official__agency"
    rules_fields = {"official", "kind", "issued_on", "expires_on"}  # PASSPORT_NOT_READY

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS}
        if change:
            changed = {name: value for name, value in fields.items() if name in form.changed_data}
            passport_edit(passport=obj, actor=request.user, fields=changed)
        else:
            obj.pk = passport_register(actor=request.user, fields=fields).pk


@admin.register(CustodyEvent)
class CustodyEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "passport", "action", "actor", "trip", "is_late"]
    list_filter = ["action", "is_late"]
    search_fields = ["passport__number", "passport__official__full_name", "note"]
    list_select_related = ["passport", "actor", "trip"]
    agency_scope = "passport__official__agency"


@admin.register(PassportLoss)
class PassportLossAdmin(ReadOnlyHistoryAdmin):
    list_display = ["passport", "lost_on", "place", "reported_on", "reported_by", "recorded_by"]
    search_fields = ["passport__number", "passport__official__full_name", "place"]
    list_select_related = ["passport", "recorded_by"]
    agency_scope = "passport__official__agency"


@admin.register(InvalidationLetter)
class InvalidationLetterAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "dated", "passport", "addressed_to", "recorded_by"]
    search_fields = ["number", "passport__number", "passport__official__full_name"]
    list_select_related = ["passport", "recorded_by"]
    agency_scope = "passport__official__agency"


@admin.register(HolderWarning)
class HolderWarningAdmin(ReadOnlyHistoryAdmin):
    list_display = ["sent_at", "passport", "kind", "channel"]
    list_filter = ["kind"]
    search_fields = ["passport__number", "passport__official__full_name"]
    list_select_related = ["passport"]
    agency_scope = "passport__official__agency"
