"""Ủy quyền / thay thế: reviewers and deciders name their substitutes; the admin for anyone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from authority.substitution_forms import SubstitutionForm
from authority.substitutions import (
    may_manage_substitutions,
    substitution_create,
    substitution_revoke,
    substitutions_visible_to,
)


def _require_may_manage(user):
    if not may_manage_substitutions(user):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def substitution_list(request):
    _require_may_manage(request.user)
    form = SubstitutionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            substitution_create(
                actor=request.user,
                principal=data.get("principal") or request.user,
                substitute=data["substitute"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
                signs_as=data["signs_as"],
            )
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã lưu ủy quyền."))
            return redirect("authority:substitutions")
    rows = substitutions_visible_to(request.user).order_by("-starts_on", "id")
    return render(request, "authority/substitutions.html", {"form": form, "substitutions": rows})


@login_required
@require_POST
def substitution_revoke_view(request, pk):
    _require_may_manage(request.user)
    substitution = get_object_or_404(substitutions_visible_to(request.user), pk=pk)
    substitution_revoke(actor=request.user, substitution=substitution)
    messages.success(request, _("Đã hủy ủy quyền."))
    return redirect("authority:substitutions")
