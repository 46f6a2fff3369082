from django.contrib import admin

from core.admin_mixins import ReadOnlyHistoryAdmin, ReadOnlyHistoryInline
from plans.models import AnnualPlan, PlanLine, PlanTransition


class PlanLineInline(admin.TabularInline):
    model = PlanLine
    extra = 0


class PlanTransitionInline(ReadOnlyHistoryInline):
    model = PlanTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]
    readonly_fields = fields


@admin.register(AnnualPlan)
class AnnualPlanAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "revision", "status", "updated_at"]
    list_filter = ["status", "year", "agency"]
    search_fields = ["agency__name", "lines__title"]
    list_select_related = ["agency"]
    # Status changes go through the services, never through a form field.
    readonly_fields = ["status", "created_by"]
    inlines = [PlanLineInline, PlanTransitionInline]


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "plan", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["plan__agency__name", "note"]
    list_select_related = ["plan__agency", "actor"]
