from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VndField, style_for_bootstrap
from reports.models import PostTripReport
from reports.services import REQUIRED_PARTS


class ReportForm(forms.ModelForm):
    actual_cost_vnd = VndField(label=_("Kinh phí thực tế (đồng)"), required=False)

    class Meta:
        model = PostTripReport
        fields = ["summary", "outcomes", "agreements", "follow_up", "actual_cost_vnd"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields[:4]}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Not required to save a draft; submitting checks them (reports.services).
        for name in REQUIRED_PARTS:
            self.fields[name].label = _("%(label)s (bắt buộc khi nộp)") % {
                "label": self.fields[name].label
            }
        style_for_bootstrap(self)
