"""The administrator uploads people's signing credentials here (a PKCS#12, or a remote-signing
service and its credential id) and revokes them; each move goes through documents/credentials.py
(one transaction, a history row). The stored file is never shown or downloaded."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_mixins import ADD, GuardedAdminMixin, ReadOnlyInline
from documents.credentials import (
    CredentialInvalid,
    check_credential,
    credential_add,
    credential_revoke,
    credential_unlock,
)
from documents.models import SigningCredential, SigningCredentialEvent


class CredentialForm(forms.ModelForm):
    file = forms.FileField(
        label=_("Tệp PKCS#12 (.p12, .pfx), khóa bằng mã PIN ký số của người ký"), required=False
    )

    service = forms.URLField(
        label=_("Địa chỉ dịch vụ ký số"), required=False, assume_scheme="https"
    )

    class Meta:
        model = SigningCredential
        fields = ["holder", "kind", "label", "service", "credential_id"]

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        self.credential_bytes = upload.read() if upload else None
        try:  # the service's own check, so that a refusal is the form's error, not a 500
            check_credential(
                kind=data.get("kind"),
                file=self.credential_bytes,
                service=data.get("service") or "",
                credential_id=data.get("credential_id") or "",
            )
        except CredentialInvalid as refused:
            raise forms.ValidationError(refused.message) from None
        return data


class EventInline(ReadOnlyInline):
    model = SigningCredentialEvent
    fields = ["at", "action", "actor"]


@admin.register(SigningCredential)
class SigningCredentialAdmin(GuardedAdminMixin, admin.ModelAdmin):
    list_display = [
        "holder",
        "kind",
        "label",
        "not_after",
        "created_at",
        "revoked_at",
        "locked_at",
        "failed_pin_attempts",
    ]
    list_filter = ["kind"]
    search_fields = ["holder__username", "holder__first_name", "holder__last_name", "label"]
    form = CredentialForm
    admin_edits = {ADD}
    actions = ["revoke", "unlock"]

    def get_inlines(self, request, obj):
        return [] if obj is None else [EventInline]  # no history before it exists

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["holder", "kind", "label", "file", "service", "credential_id"]
        return [
            "holder",
            "kind",
            "label",
            "service",
            "credential_id",
            "not_after",
            "revoked_at",
            "locked_at",
            "failed_pin_attempts",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def save_model(self, request, obj, form, change):
        saved = credential_add(
            actor=request.user,
            holder=obj.holder,
            kind=obj.kind,
            label=obj.label,
            file=form.credential_bytes,
            service=obj.service,
            credential_id=obj.credential_id,
        )
        obj.pk = saved.pk

    def get_actions(self, request):
        found = super().get_actions(request)
        if getattr(request.user, "is_administrator", False):
            found["revoke"] = self.get_action("revoke")
            found["unlock"] = self.get_action("unlock")
        return found

    @admin.action(description=_("Thu hồi chứng thư đã chọn"))
    def revoke(self, request, queryset):
        for credential in queryset:
            credential_revoke(actor=request.user, credential=credential)

    @admin.action(description=_("Mở khóa chứng thư đã chọn (bị khóa do nhập sai mã PIN)"))
    def unlock(self, request, queryset):
        for credential in queryset:
            credential_unlock(actor=request.user, credential=credential)


from documents import admin_body_key  # noqa: E402,F401  (the body's key on its admin page)
