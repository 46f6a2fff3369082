from django.contrib import admin

from core.admin_mixins import AGENCY_FILTER, GuardedAdminMixin, ReadOnlyHistoryAdmin, ReadOnlyInline
from plans.models import AnnualPlan, PlanLine, PlanTransition
from plans.services import LINE_FIELDS

# Read-only in every status: a plan and its lines change only through plans.services (drafts
# by the agency, decisions by reviewers, revisions of an approved plan), which keep history.


class PlanLineInline(ReadOnlyInline):
    model = PlanLine
    fields = [*LINE_FIELDS, "revises"]


class PlanTransitionInline(ReadOnlyInline):
    model = PlanTransition
    fields = ["at", "actor", "from_status", "to_status", "note"]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["agency", "year", "revision", "status", "updated_at"]
    list_filter = ["status", "year", AGENCY_FILTER]
    search_fields = ["agency__name", "lines__title"]
    list_select_related = ["agency"]
    readonly_fields = ["status", "created_by"]  # only the services set them
    inlines = [PlanLineInline, PlanTransitionInline]
    agency_scope = "agency"


@admin.register(PlanTransition)
class PlanTransitionAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "plan", "from_status", "to_status", "actor"]
    list_filter = ["to_status"]
    search_fields = ["plan__agency__name", "note"]
    list_select_related = ["plan__agency", "actor"]
    agency_scope = "plan__agency"
