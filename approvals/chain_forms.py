from django import forms
from django.utils.translation import gettext_lazy as _

from approvals.duties import opinion_date_errors
from core.forms import VietnameseDateField, style_for_bootstrap


class PartyOpinionForm(forms.Form):
    """The Standing Committee's written opinion, as a reviewer records it."""

    reference = forms.CharField(label=_("Số văn bản"), max_length=100)
    dated = VietnameseDateField(label=_("Ngày văn bản"))
    agreed = forms.TypedChoiceField(
        label=_("Ý kiến"),
        choices=[("true", _("Đồng ý")), ("false", _("Không đồng ý"))],
        coerce=lambda value: value == "true",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, subject=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subject = subject
        style_for_bootstrap(self)

    def clean_dated(self):
        # Beside the field, the same rule the service applies (issue 23).
        dated = self.cleaned_data["dated"]
        if self.subject is not None:
            for message in opinion_date_errors(self.subject, dated).values():
                raise forms.ValidationError(message)
        return dated
