from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, DisciplinaryReview, Official, Transfer
from core.admin_mixins import (
    ADD,
    AGENCY_FILTER,
    ALL_FIELDS,
    CHANGE,
    GuardedAdminMixin,
    GuardedInlineMixin,
    ReadOnlyHistoryAdmin,
)
from core.admin_search import FoldedSearchMixin

# Master data the rules read: the administrator adds and corrects it here, every change
# recorded before → after (core.admin_mixins); nothing is deleted (deactivate, or close a
# review, instead), so that past decisions stay explainable.


@admin.register(Agency)
class AgencyAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    admin_edits = {ADD, CHANGE}
    agency_scope = "pk"


class DisciplinaryReviewInline(GuardedInlineMixin, admin.TabularInline):
    model = DisciplinaryReview
    extra = 0
    show_change_link = True
    admin_edits = {ADD, CHANGE}


@admin.register(Official)
class OfficialAdmin(FoldedSearchMixin, GuardedAdminMixin, admin.ModelAdmin):
    list_display = [
        "full_name",
        "personnel_code",
        "agency",
        "position",
        "is_key_leader",
        "leave_base_days",
        "management_level",
        "is_active",
    ]
    list_filter = [
        AGENCY_FILTER,
        "is_key_leader",
        "leave_base_days",
        "management_level",
        "is_active",
    ]
    search_fields = ["full_name", "personnel_code", "position", "email"]
    list_select_related = ["agency"]
    autocomplete_fields = ["user"]
    inlines = [DisciplinaryReviewInline]
    admin_edits = {ADD, CHANGE}
    agency_scope = "agency"
    # What trips/policy reads of an official: quotas and overlaps per agency, key leaders,
    # leave entitlement, who may be added.
    rules_fields = {
        "agency",
        "is_key_leader",
        "leave_base_days",
        "service_start_date",
        "is_active",
        "left_on",
    }
    # Leaving goes through its service (agencies.services.official_leave; on its signal,
    # passports are marked to invalidate and open requests flagged); a transfer through
    # agencies.services.official_transfer.
    readonly_fields = ["left_on", "leaving_reason", "lifecycle_pages"]

    @admin.display(description=_("Điều chuyển, nghỉ công tác"))
    def lifecycle_pages(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a> | <a href="{}">{}</a>',
            reverse("passports:transfer", args=[obj.pk]),
            _("Điều chuyển sang cơ quan khác"),
            reverse("passports:leave", args=[obj.pk]),
            _("Ghi nhận nghỉ công tác"),
        )


@admin.register(DisciplinaryReview)
class DisciplinaryReviewAdmin(FoldedSearchMixin, GuardedAdminMixin, admin.ModelAdmin):
    folded_search_field = "official__name_folded"
    list_display = ["official", "official__agency", "kind", "opened_on", "closed_on"]
    list_filter = ["kind", "closed_on"]
    search_fields = ["official__full_name", "note"]
    list_select_related = ["official__agency"]
    autocomplete_fields = ["official"]
    admin_edits = {ADD, CHANGE}
    agency_scope = "official__agency"
    rules_fields = ALL_FIELDS  # UNDER_DISCIPLINARY_REVIEW


@admin.register(Transfer)
class TransferAdmin(FoldedSearchMixin, ReadOnlyHistoryAdmin):
    folded_search_field = "official__name_folded"
    list_display = ["effective_on", "official", "from_agency", "to_agency", "actor", "at"]
    search_fields = ["official__full_name", "note"]
    list_select_related = ["official", "from_agency", "to_agency", "actor"]
    agency_scope = "official__agency"
