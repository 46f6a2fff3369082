from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from authority import services
from authority.models import Authority, AuthorityChange, Body, Position
from core.admin_mixins import ADD, CHANGE, DELETE, GuardedAdminMixin, ReadOnlyHistoryAdmin
from documents import body_key
from documents.credentials import CredentialInvalid

# The competent authority is the administrator's to set (issue 23). Every save goes through
# authority.services, which validates and writes the audit row (AuthorityChange).


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in form.cleaned_data}


KEEP = "keep"


class BodyForm(forms.ModelForm):
    """The body, and its own signing key (documents/body_key.py): left as it is unless the
    administrator chooses another; a PKCS#12 is checked with its password before anything is
    saved, then kept encrypted and never shown again."""

    new_key_source = forms.ChoiceField(
        label=_("Khóa ký số của cơ quan"),
        choices=[(KEEP, _("Giữ nguyên")), *Body.KeySource.choices],
        initial=KEEP,
        required=False,
    )
    new_key_label = forms.CharField(
        label=_("Nhãn khóa trong thiết bị ký số (PKCS#11)"), max_length=100, required=False
    )
    new_key_file = forms.FileField(label=_("Tệp PKCS#12 (.p12, .pfx) của cơ quan"), required=False)
    new_key_password = forms.CharField(
        label=_("Mật khẩu tệp PKCS#12"),
        widget=forms.PasswordInput(render_value=False),
        required=False,
        strip=False,
    )

    class Meta:
        model = Body
        fields = ["name", "symbol", "header", "parent", "agency"]

    def clean(self):
        data = super().clean()
        self.key_change = None
        source = data.get("new_key_source") or KEEP
        if source == KEEP:
            return data
        upload = data.get("new_key_file")
        change = {
            "source": source,
            "label": data.get("new_key_label") or "",
            "pkcs12": upload.read() if upload else None,
            "password": data.get("new_key_password") or "",
        }
        try:  # the service's own check: a refusal is the form's error, not a 500
            body_key.check_key(**change)
        except CredentialInvalid as refused:
            field = {"file": "new_key_file", "password": "new_key_password"}.get(
                refused.field, "new_key_label" if refused.field == "label" else None
            )
            self.add_error(field, refused.message)
            return data
        self.key_change = change
        return data


@admin.register(Body)
class BodyAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = ["symbol", "name", "parent", "agency", "key_source"]
    search_fields = ["symbol", "name"]
    list_select_related = ["parent", "agency"]
    admin_edits = {ADD, CHANGE}
    form = BodyForm
    readonly_fields = ["key_source", "key_label", "key_subject"]
    fieldsets = [
        (None, {"fields": ["name", "symbol", "header", "parent", "agency"]}),
        (
            _("Khóa ký số của cơ quan (chữ ký thay con dấu)"),
            {
                "fields": [
                    "key_source",
                    "key_label",
                    "key_subject",
                    "new_key_source",
                    "new_key_label",
                    "new_key_file",
                    "new_key_password",
                ]
            },
        ),
    ]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in BodyForm.Meta.fields}
        if not change:
            fields["code"] = ""
        saved = services.body_save(actor=request.user, body=obj if change else None, **fields)
        obj.pk = saved.pk
        if form.key_change is not None:
            body_key.key_set(actor=request.user, body=saved, **form.key_change)


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
