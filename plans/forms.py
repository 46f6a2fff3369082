from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import VndField, style_for_bootstrap
from plans.models import PlanLine
from plans.services import LINE_FIELDS


class PlanLineForm(forms.ModelForm):
    budget_vnd = VndField(label=_("Dự toán kinh phí (đồng)"))

    class Meta:
        model = PlanLine
        fields = LINE_FIELDS
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "countries": forms.SelectMultiple(attrs={"data-searchable": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)


class BasePlanLineFormSet(forms.BaseModelFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # Django looks a posted line id up among every plan's lines: only this plan's.
        form.fields[self.model._meta.pk.name].queryset = self.get_queryset()


PlanLineFormSet = forms.modelformset_factory(
    PlanLine, form=PlanLineForm, formset=BasePlanLineFormSet, extra=3, can_delete=True
)


class NewPlanForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)
