"""The issuing body's own signing key on the body's admin page (issue 24). Authority sits
below documents and may not import it, so documents registers its admin over authority's:
the same page, plus the key section, each change through documents.body_key.key_set."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from authority.admin import BodyAdmin, BodyForm
from authority.models import Body
from documents import body_key
from documents.credentials import CredentialInvalid

KEEP = "keep"


class BodyKeyForm(BodyForm):
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


class BodyKeyAdmin(BodyAdmin):
    form = BodyKeyForm
    readonly_fields = ["key_source", "key_label", "key_subject"]
    fieldsets = [
        (None, {"fields": BodyForm.Meta.fields}),
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
        super().save_model(request, obj, form, change)
        if form.key_change is not None:
            body_key.key_set(actor=request.user, body=obj, **form.key_change)


admin.site.unregister(Body)
admin.site.register(Body, BodyKeyAdmin)
