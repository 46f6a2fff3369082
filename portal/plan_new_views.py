"""A new annual plan, typed in before anything is saved (issue 15, item 10).

The plan used to be created as soon as its year was chosen, empty; now the year and the
first lines are filled in on one page and the plan exists only once they are saved. A year
whose plan is already open (or approved: a revision) goes to that plan, as before.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import NotAllowed, ServiceError
from core.permissions import is_staff, role_required
from plans import services
from plans.forms import NewPlanForm, PlanLineFormSet
from plans.models import AnnualPlan, PlanLine


def _existing(user, year):
    return AnnualPlan.objects.filter(agency_id=user.agency_id, year=year).exists()


@require_http_methods(["GET", "POST"])
@role_required(is_staff)
def plan_new(request):
    data = request.POST if request.method == "POST" else None
    year_form = NewPlanForm(
        data or request.GET or None, initial={"year": timezone.localdate().year + 1}
    )
    if year_form.is_valid() and _existing(request.user, year_form.cleaned_data["year"]):
        # Open or approved already: that plan (or a revision of it), as the list did.
        plan = services.plan_create(actor=request.user, year=year_form.cleaned_data["year"])
        return redirect("plans:edit", pk=plan.pk)
    formset = PlanLineFormSet(data, queryset=PlanLine.objects.none())
    if data is not None and year_form.is_valid() and formset.is_valid():
        lines = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if not lines:
            messages.error(request, _("Hãy nhập ít nhất một nội dung của kế hoạch."))
        else:
            try:
                with transaction.atomic():
                    plan = services.plan_create(
                        actor=request.user, year=year_form.cleaned_data["year"]
                    )
                    services.plan_save_lines(plan=plan, actor=request.user, lines=lines)
                    if request.POST.get("action") == "submit":
                        services.plan_submit(plan=plan, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            except NotAllowed:
                raise  # 403, as everywhere
            except ServiceError as refused:  # every app's refusals derive from it
                messages.error(request, refused.message)
            else:
                messages.success(request, _("Đã lập kế hoạch."))
                return redirect("plans:detail", pk=plan.pk)
    return render(request, "plans/new.html", {"year_form": year_form, "formset": formset})
