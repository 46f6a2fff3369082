from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, LeavingReason
from core.forms import VietnameseDateField
from core.validators import one_line
from passports.forms import StyledForm
from passports.models import PassportLoss


class LossRecordForm(StyledForm):
    lost_on = VietnameseDateField(label=_("Ngày mất"))
    place = forms.CharField(label=_("Nơi mất"), max_length=200, validators=[one_line])
    circumstances = forms.CharField(
        label=_("Hoàn cảnh mất"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reported_on = VietnameseDateField(label=_("Ngày người mang hộ chiếu báo"))
    reported_by = forms.ChoiceField(
        label=_("Hình thức báo"), choices=PassportLoss.ReportedBy.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("reported_on", timezone.localdate())


class InvalidationForm(StyledForm):
    number = forms.CharField(label=_("Số công văn"), max_length=50, validators=[one_line])
    dated = VietnameseDateField(label=_("Ngày công văn"))
    addressed_to = forms.CharField(label=_("Nơi nhận"), max_length=200, validators=[one_line])


class TransferForm(StyledForm):
    to_agency = forms.ModelChoiceField(
        label=_("Đến cơ quan"), queryset=Agency.objects.filter(is_active=True)
    )
    effective_on = VietnameseDateField(label=_("Ngày có hiệu lực"))
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)


class LeavingForm(StyledForm):
    reason = forms.ChoiceField(label=_("Lý do nghỉ công tác"), choices=LeavingReason.choices)
    left_on = VietnameseDateField(label=_("Nghỉ công tác từ ngày"))
    note = forms.CharField(label=_("Ghi chú"), max_length=1000, required=False)
