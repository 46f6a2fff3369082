from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, Official
from core.forms import VietnameseDateField, VndField, style_for_bootstrap
from trips.filters import OfficialSearchSelect
from trips.models import TripRequest
from trips.policy.facts import MemberData


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp bảng tính (.xlsx hoặc .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)


class ConfirmForm(forms.Form):
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)


class OfficialLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        code = f" ({obj.personnel_code})" if obj.personnel_code else ""
        return f"{obj.full_name}{code} – {obj.agency}"


class HeadLabel(forms.ModelChoiceField):
    label_from_instance = OfficialLabel.label_from_instance


class OfficialsSearchSelect(OfficialSearchSelect, forms.SelectMultiple):
    """Several officials, found by typing (`trips:officials`): the page carries only the
    chosen ones, not the province's thousands of officials."""

    def optgroups(self, name, value, attrs=None):
        [(group, options, index)] = super().optgroups(name, value, attrs)
        return [(group, options[1:], index)]  # no empty choice in a multiple select


class PastTripForm(forms.ModelForm):
    """A trip decided on paper before go-live: the trip form's fields, the agency (an
    administrator records for any), and the decision. The service checks the members belong
    to the agency and everything else (trip_record_past)."""

    agency = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.filter(is_active=True)
    )
    departure_date = VietnameseDateField(label=_("Ngày xuất cảnh (đi)"))
    return_date = VietnameseDateField(label=_("Ngày nhập cảnh (về)"))
    estimated_cost_vnd = VndField(label=_("Dự toán kinh phí (đồng)"), required=False)
    members = OfficialLabel(
        label=_("Thành viên"),
        queryset=Official.objects.filter(is_active=True).select_related("agency"),
        widget=OfficialsSearchSelect,
    )
    head = HeadLabel(
        label=_("Trưởng đoàn"),
        queryset=Official.objects.filter(is_active=True).select_related("agency"),
        widget=OfficialSearchSelect,
        required=False,
        help_text=_("Bắt buộc với đoàn công tác có nhiều người."),
    )
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[(s, TripRequest.Status(s).label) for s in TripRequest.COUNTED_STATUSES],
    )
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100)
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))
    decided_by = forms.CharField(label=_("Người ký quyết định"), max_length=200)

    class Meta:
        model = TripRequest
        fields = [
            "kind", "title", "purpose", "countries", "departure_date", "return_date",
            "inviter", "organiser_type", "funded_by_enterprise",
            "named_invitation_by_foreign_enterprise", "involves_commitment",
            "mandate_reference", "estimated_cost_vnd",
        ]  # fmt: skip
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "countries": forms.SelectMultiple(attrs={"data-searchable": ""}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)

    def clean_estimated_cost_vnd(self):
        return self.cleaned_data.get("estimated_cost_vnd") or 0

    def service_arguments(self) -> dict:
        c = self.cleaned_data
        members, head = list(c["members"]), c.get("head")
        if head is not None and head not in members:
            members.insert(0, head)
        fields = {name: c[name] for name in self.Meta.fields}
        fields["agency"] = c["agency"]
        return {
            "fields": fields,
            "members": [MemberData(o.id, head is not None and o.id == head.id) for o in members],
            "status": c["status"],
            "decision_number": c["decision_number"],
            "decided_on": c["decided_on"],
            "decided_by": c["decided_by"],
        }
