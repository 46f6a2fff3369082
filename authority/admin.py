from django import forms
from django.contrib import admin

from authority import services
from authority.models import Authority, AuthorityChange, Body, Position
from core.admin_mixins import ADD, CHANGE, DELETE, GuardedAdminMixin, ReadOnlyHistoryAdmin

# The competent authority is the administrator's to set (issue 23). Every save goes through
# authority.services, which validates and writes the audit row (AuthorityChange).


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.cleaned_data}


class BodyForm(forms.ModelForm):
    class Meta:
        model = Body
        fields = ["name", "symbol", "header", "parent", "agency"]


@admin.register(Body)
class BodyAdmin(GuardedAdminMixin, admin.ModelAdmin):
    """The body's name and symbol. Its signing key is set on the same page by documents
    (documents/admin_body_key.py), above this app, which registers its own admin over this."""

    list_display = ["symbol", "name", "parent", "agency", "key_source"]
    search_fields = ["symbol", "name"]
    list_select_related = ["parent", "agency"]
    admin_edits = {ADD, CHANGE}
    form = BodyForm

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in BodyForm.Meta.fields}
        if not change:
            fields["code"] = ""
        saved = services.body_save(actor=request.user, body=obj if change else None, **fields)
        obj.pk = saved.pk


@admin.register(Position)
class PositionAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "body", "holder", "starts_on", "ends_on"]
    list_filter = ["kind", "body"]
    search_fields = ["title", "holder__username", "holder__last_name"]
    list_select_related = ["body", "holder"]
    autocomplete_fields = ["holder"]
    admin_edits = {ADD, CHANGE, DELETE}

    def save_model(self, request, obj, form, change):
        saved = services.position_save(
            actor=request.user, position=obj if change else None, **_fields(form)
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.position_delete(actor=request.user, position=obj)


@admin.register(Authority)
class AuthorityAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["level", "kind", "issuing_body", "collective"]
    admin_edits = {ADD, CHANGE}

    def save_model(self, request, obj, form, change):
        data = _fields(form)
        saved = services.authority_put(
            actor=request.user,
            level=data["level"],
            kind=data.get("kind") or "",
            issuing_body=data.get("issuing_body"),
            steps=data["steps"],
            collective=data.get("collective", False),
        )
        obj.pk = saved.pk


@admin.register(AuthorityChange)
class AuthorityChangeAdmin(ReadOnlyHistoryAdmin):
    list_display = ["at", "actor", "target", "old_value", "new_value"]
    search_fields = ["target"]
