"""The pages of the competent authority (issue 23): bodies, positions and authorities. Anyone
signed in reads them (as the API's bodies/, positions/, authorities/); the administrator (the
People's Committee's office) changes them through authority.services, with a reason that the
audit row keeps. Thin: a form parses, a service validates and saves, its error goes back."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authority import selectors, services
from authority.forms import (
    AuthorityForm,
    BodyForm,
    PositionForm,
    ReasonForm,
    StepFormSet,
    holder_label,
    put_errors,
    step_initial,
)
from authority.models import Authority, Body, Position
from core.permissions import is_administrator, role_required

SEARCH_LENGTH = 100


def _text(request) -> str:
    return request.GET.get("q", "").strip()[:SEARCH_LENGTH]


def _saved(request, form, save) -> bool:
    """Call `save` (a service); its refusal goes onto the form. True when saved."""
    try:
        save()
    except ValidationError as refused:
        put_errors(form, refused)
        return False
    messages.success(request, _("Đã lưu thay đổi."))
    return True


def _form_saved(request, form, service, **given) -> bool:
    """`_saved` of `service` called with the form's fields, its `reason` and `given`."""
    fields = {k: v for k, v in form.cleaned_data.items() if k != "reason"}
    reason = form.cleaned_data["reason"]
    return _saved(request, form, lambda: service(reason=reason, **given, **fields))


@require_GET
@login_required
def authority_list(request):
    context = {"rows": selectors.authority_rows(), "may_edit": request.user.is_administrator}
    return render(request, "authority/authority_list.html", context)


@require_GET
@login_required
def body_list(request):
    text = _text(request)
    context = {
        "bodies": selectors.bodies_listed(text),
        "q": text,
        "may_edit": request.user.is_administrator,
    }
    return render(request, "authority/body_list.html", context)


@require_GET
@login_required
def position_list(request):
    text, body = _text(request), request.GET.get("body", "")
    body_id = int(body) if body.isdigit() else None
    context = {
        "positions": selectors.positions_listed(text, body_id),
        "bodies": Body.objects.order_by("name").only("name", "symbol"),
        "q": text,
        "body_id": body_id,
        "may_edit": request.user.is_administrator,
    }
    return render(request, "authority/position_list.html", context)


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def body_edit(request, pk=None):
    body = get_object_or_404(Body, pk=pk) if pk is not None else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        if _form_saved(request, form, services.body_save, actor=request.user, body=body):
            return redirect("authority:bodies")
    return render(request, "authority/body_form.html", {"form": form, "body": body})


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def position_edit(request, pk=None):
    position = get_object_or_404(Position, pk=pk) if pk is not None else None
    form = PositionForm(request.POST or None, instance=position)
    if request.method == "POST" and form.is_valid():
        if _form_saved(
            request, form, services.position_save, actor=request.user, position=position
        ):
            return redirect("authority:positions")
    delete_form = ReasonForm(prefix="delete") if position is not None else None
    context = {"form": form, "position": position, "delete_form": delete_form}
    return render(request, "authority/position_form.html", context)


@require_POST
@role_required(is_administrator)
def position_delete(request, pk):
    position = get_object_or_404(Position, pk=pk)
    form = ReasonForm(request.POST, prefix="delete")
    if form.is_valid():
        services.position_delete(
            actor=request.user, position=position, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Đã xóa chức vụ."))
        return redirect("authority:positions")
    context = {"form": PositionForm(instance=position), "position": position}
    return render(request, "authority/position_form.html", context | {"delete_form": form})


@require_http_methods(["GET", "POST"])
@role_required(is_administrator)
def authority_edit(request, pk=None):
    authority = get_object_or_404(Authority, pk=pk) if pk is not None else None
    form = AuthorityForm(request.POST or None, authority=authority)
    steps = StepFormSet(
        request.POST or None,
        prefix="steps",
        initial=step_initial(authority.steps if authority else []),
    )
    if request.method == "POST" and form.is_valid() and steps.is_valid():
        data = form.cleaned_data
        if _saved(
            request,
            form,
            lambda: services.authority_put(
                actor=request.user,
                level=data["level"],
                kind=data.get("kind") or "",
                issuing_body=data.get("issuing_body"),
                steps=steps.steps(),
                collective=data.get("collective", False),
                reason=data["reason"],
            ),
        ):
            return redirect("authority:authorities")
    context = {"form": form, "steps": steps, "authority": authority}
    return render(request, "authority/authority_form.html", context)


HOLDERS_FOUND = 20


@require_GET
@role_required(is_administrator)
def holders_search(request):
    """The holder picker's search-as-you-type: active logins only, at most 20. The
    administrator's alone: it tells which logins exist."""
    found = get_user_model().objects.filter(is_active=True)
    for word in _text(request).split()[:5]:
        found = found.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
        )
    found = found.order_by("last_name", "first_name", "username")[:HOLDERS_FOUND]
    return JsonResponse([{"value": u.pk, "text": holder_label(u)} for u in found], safe=False)
