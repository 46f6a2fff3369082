"""One dispatch of every workflow action: the table's `Action` names its service; the
browser (`take_action`) and the API (`api.mixins.WorkflowActionsMixin`) check who may with
`may()`, validate the action's fields with their form or serializer, and call `take()`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.module_loading import import_string

from core.errors import NotAllowed, ServiceError
from core.workflow.table import table_for
from core.workflow.transition import may, one_relation_per_request


def take(obj, name: str, actor, **fields):
    """Call the service of `obj`'s action `name`: the object under the table's `subject`
    keyword, the actor, the action's fixed `params`, then `fields` (which win)."""
    table = table_for(obj)
    action = table.action(name)
    service = import_string(action.service)
    return service(**{table.subject: obj, "actor": actor, **dict(action.params), **fields})


def action_form(action, obj, user, data=None, *, prefixed=True, initial=None):
    """The action's browser form, or None. Prefixed by its slug where the forms share a
    page (the passport's panels); a page of its own may leave the prefix out."""
    if not action.form:
        return None
    prefix = (action.slug or action.name) if prefixed else None
    form_class = import_string(action.form)
    return form_class(data, prefix=prefix, initial=initial or {}, subject=obj, user=user)


def run(request, obj, name: str, **fields):
    """`take()` with its refusals as the page's messages: the service's result, or None.
    NotAllowed stays a 403."""
    try:
        return take(obj, name, request.user, **fields)
    except NotAllowed:
        raise
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except ServiceError as refused:  # every app's refusals derive from it
        messages.error(request, refused.message)
    return None


def take_action(request, obj, segment: str):
    """The one browser view of a workflow action, after the caller found `obj` in the user's
    scope (404 otherwise): 404 for an action no service takes, 403 unless `may()`, the
    form's errors or the service's refusal as a message; a status that moved on meanwhile is
    the service's message. Redirects to the action's `done_url` or the object's page."""
    with one_relation_per_request():  # the check here and the service's share it
        return _take_action(request, obj, segment)


def _take_action(request, obj, segment):
    table = table_for(obj)
    action = table.dispatched(segment)
    if action is None:
        raise Http404
    if not may(request.user, obj, action.name):
        raise PermissionDenied
    back = table.detail_url(obj)
    form = action_form(action, obj, request.user, request.POST)
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    fields = form.cleaned_data if form is not None else {}
    if form is None and action.text:
        fields = {action.text: request.POST.get(action.text, "")}
    if action.signs:  # used once by the signer's key, never stored (core.signing_pin)
        fields = {**fields, "signing_pin": request.POST.get("signing_pin", "")}
    result = run(request, obj, action.name, **fields)
    if result is None:
        return redirect(back)
    messages.success(request, action.done)
    return redirect(reverse(action.done_url, args=[result.pk]) if action.done_url else back)
