"""The admin's guard: read-only unless an app says otherwise, scoped, and every edit recorded.

Requests, plans, reports and every history row change only through the services, which check
the rules and write the history; the admin shows them and refuses the rest (403, no bulk
delete, no inline add/change/delete). Master data that the rules read (officials, discipline
reviews, passports' register...) may be edited by the administrator where an app opts in with
`admin_edits`, and each such edit leaves a LogEntry naming every changed field before → after.

Every ModelAdmin and inline derives from these (core/tests/test_admin.py checks it), so a new
admin starts read-only.

django-simple-history records master data beside this log (its middleware names the admin
user); it is not the admin's history page, and no `SimpleHistoryAdmin` is used: its "revert"
would change rows past this guard.
"""

import datetime as dt
import json

from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

ADD, CHANGE, DELETE = "add", "change", "delete"
ALL_FIELDS = "__all__"
# Lists only the agencies of the rows shown (their own, for a non-administrator).
AGENCY_FILTER = ("agency", admin.RelatedOnlyFieldListFilter)


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_administrator", False))


def scope_to_agency(queryset, user, agency_path):
    """The administrator sees everything; anyone else only their own agency's rows.

    `agency_path` is the lookup from the model to its agency ("agency", "trip__agency"...);
    a model without one (the calendar, the admin log) is the administrator's alone.
    """
    if is_administrator(user):
        return queryset
    agency_id = getattr(user, "agency_id", None)
    if agency_path is None or agency_id is None:
        return queryset.none()
    return queryset.filter(**{agency_path: agency_id})


class _Guard:
    # Which of "add", "change", "delete" the admin may do here; nothing unless listed.
    admin_edits = frozenset()

    def is_editable(self, request, obj) -> bool:
        """Per-object rule on top of admin_edits (e.g. a status in which edits are allowed)."""
        return True

    def _allows(self, request, edit, obj=None) -> bool:
        return (
            edit in self.admin_edits
            and is_administrator(request.user)
            and (obj is None or self.is_editable(request, obj))
        )


class GuardedAdminMixin(_Guard):
    """Put first in a ModelAdmin's bases: `class XAdmin(GuardedAdminMixin, admin.ModelAdmin)`."""

    agency_scope = None
    # Fields the rules module reads: their changes are flagged, so the log can be filtered to
    # what a reviewer must know. ALL_FIELDS for models the rules read as a whole.
    rules_fields = frozenset()
    unrecorded_fields = frozenset({"password"})
    object_history_template = "admin/recorded_object_history.html"

    def get_queryset(self, request):
        return scope_to_agency(super().get_queryset(request), request.user, self.agency_scope)

    def has_add_permission(self, request, *args):
        return self._allows(request, ADD) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._allows(request, CHANGE, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allows(request, DELETE, obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self._allows(request, DELETE):
            actions.pop("delete_selected", None)
        return actions

    def construct_change_message(self, request, form, formsets, add=False):
        # Django's message for the form itself, then each inline row, all with their values.
        message = super().construct_change_message(request, form, [], add)
        if not hasattr(form, "_meta"):  # not a model form (the password change): fields only
            return message
        recorder = _Recorder(self)
        if message and add:
            message[0]["added"] |= recorder.after_values(form)
        elif message:
            message[0]["changed"] |= recorder.changed_values(form, form.changed_data)
        for formset in formsets or []:
            message += recorder.formset_parts(formset)
        # Stored as readable UTF-8, so that the log can be searched in Vietnamese.
        return json.dumps(message, ensure_ascii=False)

    def log_deletions(self, request, queryset):
        recorder = _Recorder(self)
        return [
            LogEntry.objects.log_actions(
                user_id=request.user.pk,
                queryset=[obj],
                action_flag=DELETION,
                change_message=json.dumps([recorder.deleted_part(obj)], ensure_ascii=False),
                single_object=True,
            )
            for obj in queryset
        ]


class GuardedInlineMixin(_Guard):
    """Put first in an inline's bases. `obj` in the permission checks is the parent object."""

    rules_fields = frozenset()

    def has_add_permission(self, request, obj):
        return self._allows(request, ADD, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._allows(request, CHANGE, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allows(request, DELETE, obj) and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # Shown, never a form field, where this admin may not change the parent's rows (a
        # non-editable field such as a time stamp could not even be a form field).
        if self.fields and not self.has_change_permission(request, obj):
            return list(self.fields)
        return super().get_readonly_fields(request, obj)


def guard_registered(model, *, site=admin.site, **attributes):
    """Put another app's admin (axes, DRF's tokens...) behind the guard, read-only by default."""
    original = site._registry.get(model)
    if original is None or isinstance(original, GuardedAdminMixin):
        return
    site.unregister(model)
    bases = (GuardedAdminMixin, type(original))
    site.register(model, type(f"Guarded{type(original).__name__}", bases, attributes))


class ReadOnlyHistoryAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """History and custody logs: visible, never added, edited or deleted from the admin."""


class ReadOnlyInline(GuardedInlineMixin, admin.TabularInline):
    """Rows shown with their parent, never added, changed or deleted here."""

    extra = 0
    can_delete = False


ReadOnlyHistoryInline = ReadOnlyInline


# --- Recording before → after -----------------------------------------------------------


class _Recorder:
    """Turns a form's changes into JSON-safe values, in the source language (Vietnamese).

    Values are kept as data: booleans as true/false, empty as null, choices as {"msgid": ...}
    so that the history page shows them in the reader's language (`describe_change`).
    """

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def _rules_fields(self, model):
        if model is self.model_admin.model:
            return self.model_admin.rules_fields
        owner = self.model_admin.admin_site._registry.get(model)
        return getattr(owner, "rules_fields", frozenset())

    def _flagged(self, model, detail, names):
        rules = self._rules_fields(model)
        if rules == ALL_FIELDS or rules & set(names):
            detail["rules"] = True
        return detail

    def _fields(self, form, names):
        opts = form._meta.model._meta
        for name in names:
            if name in self.model_admin.unrecorded_fields or name not in form.fields:
                continue
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:  # a form-only field (e.g. password1): never recorded
                continue
            yield name, field, str(form.fields[name].label or name)

    def changed_values(self, form, names):
        detail = {"fields": [], "values": []}
        with translation.override(None):
            for name, field, label in self._fields(form, names):
                before = _recorded(field, form.initial.get(name))
                after = _recorded(field, form.cleaned_data.get(name))
                detail["fields"].append(label)
                detail["values"].append({"field": label, "before": before, "after": after})
        return self._flagged(form._meta.model, detail, names)

    def after_values(self, form):
        detail = {"values": []}
        with translation.override(None):
            for name, field, label in self._fields(form, form.fields):
                value = _recorded(field, form.cleaned_data.get(name))
                if value is not None:
                    detail["values"].append({"field": label, "after": value})
        return self._flagged(form._meta.model, detail, form.fields)

    def formset_parts(self, formset):
        """Each inline row added, changed or deleted, with its values."""
        forms = {id(form.instance): form for form in formset.forms}
        parts = []
        with translation.override(None):
            name = str(formset.model._meta.verbose_name)
            for obj in formset.new_objects:
                detail = {"name": name, "object": str(obj)}
                parts.append({"added": detail | self.after_values(forms[id(obj)])})
            for obj, changed in formset.changed_objects:
                detail = {"name": name, "object": str(obj)}
                parts.append({"changed": detail | self.changed_values(forms[id(obj)], changed)})
            parts += [self.deleted_part(obj) for obj in formset.deleted_objects]
        return parts

    def deleted_part(self, obj):
        opts = obj._meta
        with translation.override(None):
            detail = {"name": str(opts.verbose_name), "object": str(obj), "values": []}
            for field in opts.concrete_fields:
                if field.primary_key or field.name in self.model_admin.unrecorded_fields:
                    continue
                value = _recorded(field, field.value_from_object(obj))
                if value is not None:
                    detail["values"].append({"field": str(field.verbose_name), "before": value})
        names = [field.name for field in opts.concrete_fields]
        return {"deleted": self._flagged(type(obj), detail, names)}


def _recorded(field, value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    if field.choices and not field.is_relation:
        label = dict(field.flatchoices).get(value)
        if label is not None:
            return {"msgid": str(label)}
    if isinstance(value, models.Model):
        return str(value)
    if field.is_relation and not field.many_to_many:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related if related is not None else value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str | int | float):
        return str(value)
    # Several values (groups, countries): one sorted list, or empty.
    return ", ".join(sorted(str(item) for item in value)) or None


# --- Showing them ---------------------------------------------------------------------------


def _shown(value) -> str:
    if value is None:
        return pgettext("nhật ký quản trị", "(trống)")
    if value is True:
        return pgettext("nhật ký quản trị", "Có")
    if value is False:
        return pgettext("nhật ký quản trị", "Không")
    if isinstance(value, dict):
        return gettext(value["msgid"])
    return str(value)


def _value_texts(values, kind):
    texts = []
    for entry in values:
        label = gettext(entry["field"])
        if kind == "changed":
            texts.append(f"{label}: {_shown(entry.get('before'))} → {_shown(entry.get('after'))}")
        else:
            value = entry.get("after" if kind == "added" else "before")
            texts.append(f"{label}: {_shown(value)}")
    return texts


def describe_change(entry: LogEntry) -> str:
    """The entry's message in the reader's language, with each field's before → after."""
    message = entry.change_message or ""
    try:
        parts = json.loads(message) if message.startswith("[") else None
        if parts:
            return " ".join(_describe_part(part) for part in parts)
    except (ValueError, TypeError, KeyError, AttributeError):
        pass  # written by something else: Django's own reading of it, or the text itself
    try:
        return entry.get_change_message()
    except (TypeError, KeyError, AttributeError):
        return message


def _describe_part(part) -> str:
    ((kind, detail),) = part.items()
    values = detail.pop("values", None)
    detail.pop("rules", None)
    texts = _value_texts(values or [], kind)
    if kind == "changed" and texts:
        detail["fields"], texts = texts, []
    sentence = LogEntry(change_message=json.dumps([{kind: detail}])).get_change_message()
    return f"{sentence} ({'; '.join(texts)})" if texts else sentence


class RulesRelevantFilter(admin.SimpleListFilter):
    """The admin log entries a reviewer must know: changes to what the rules read."""

    title = _("Ảnh hưởng đến kiểm tra quy định")
    parameter_name = "rules"

    def lookups(self, request, model_admin):
        return [("yes", _("Thay đổi dữ liệu mà quy định sử dụng"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(change_message__contains='"rules": true')
        return queryset
