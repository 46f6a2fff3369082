from django.contrib import admin

from agencies.models import Agency, DisciplinaryReview, Official


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


class DisciplinaryReviewInline(admin.TabularInline):
    model = DisciplinaryReview
    extra = 0


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "agency",
        "position",
        "is_key_leader",
        "leave_base_days",
        "is_active",
    ]
    list_filter = ["agency", "is_key_leader", "leave_base_days", "is_active"]
    search_fields = ["full_name", "position", "email"]
    list_select_related = ["agency"]
    autocomplete_fields = ["user"]
    inlines = [DisciplinaryReviewInline]


@admin.register(DisciplinaryReview)
class DisciplinaryReviewAdmin(admin.ModelAdmin):
    list_display = ["official", "kind", "opened_on", "closed_on"]
    list_filter = ["kind", "closed_on"]
    search_fields = ["official__full_name", "note"]
    list_select_related = ["official"]
    autocomplete_fields = ["official"]
