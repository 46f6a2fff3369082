"""Annual plans in the browser: the agency drafts and submits, the Department decides."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.errors import NotAllowed, ServiceError
from core.permissions import is_administrator, is_reviewer, is_staff, role_required
from core.workflow import actions_for, may
from core.workflow.dispatch import take_action
from plans import selectors, services
from plans.forms import NewPlanForm, PlanLineFormSet
from trips.plan_actuals import lines_with_actuals

can_read = (is_staff, is_reviewer, is_administrator)


def _visible(request, pk):
    return get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)


@require_http_methods(["GET", "POST"])
@role_required(*can_read)
def plan_list(request):
    form = NewPlanForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if not request.user.is_agency_staff:
            raise PermissionDenied
        if form.is_valid():
            plan = services.plan_create(actor=request.user, year=form.cleaned_data["year"])
            return redirect("plans:edit", pk=plan.pk)
    plans = (
        selectors.plans_visible_to(request.user)
        .annotate(line_count=Count("lines"), budget=Sum("lines__budget_vnd"))
        .order_by("-year", "agency__name", "-revision")
    )
    return render(request, "plans/list.html", {"plans": plans[:200], "form": form})


@require_GET
@role_required(*can_read)
def plan_detail(request, pk):
    plan = _visible(request, pk)
    lines = list(lines_with_actuals(plan))
    totals = {
        key: sum(getattr(line, key) or 0 for line in lines)
        for key in (
            "planned_members",
            "budget_vnd",
            "actual_trips",
            "actual_people",
            "estimated_cost",
            "actual_cost",
            "reports_filed",
        )
    }
    return render(
        request,
        "plans/detail.html",
        {
            "plan": plan,
            "lines": lines,
            "totals": totals,
            "history": plan.history.select_related("actor"),
            "can_edit": plan.is_editable and may(request.user, plan, "submit"),
            "actions": actions_for(request.user, plan),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(is_staff)
def plan_edit(request, pk):
    plan = _visible(request, pk)
    if not may(request.user, plan, "submit"):  # who submits it edits it
        raise PermissionDenied
    if not plan.is_editable:
        messages.error(
            request, _("Kế hoạch ở trạng thái này không sửa được; hãy lập bản điều chỉnh.")
        )
        return redirect("plans:detail", pk=plan.pk)
    formset = PlanLineFormSet(request.POST or None, queryset=plan.lines.order_by("id"))
    if request.method == "POST" and formset.is_valid():
        # Untouched blank forms have no cleaned data; deleted lines are left out.
        lines = [
            {**form.cleaned_data, "id": form.instance.pk}
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        try:
            services.plan_save_lines(plan=plan, actor=request.user, lines=lines)
            if request.POST.get("action") == "submit":
                services.plan_submit(plan=plan, actor=request.user)
                messages.success(request, _("Đã trình kế hoạch tới Sở Nội vụ."))
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("plans:detail", pk=plan.pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except NotAllowed:
            raise
        except ServiceError as refused:
            messages.error(request, refused.message)
    return render(request, "plans/edit.html", {"plan": plan, "formset": formset})


@require_POST
@role_required(*can_read)
def plan_action(request, pk, action):
    """Every action of the plan's table that names a service (core.workflow.dispatch)."""
    return take_action(request, _visible(request, pk), action)
