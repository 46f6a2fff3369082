from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDateField, style_for_bootstrap
from core.validators import one_line
from passports.models import Passport
from trips.models import TripRequest
from trips.selectors import officials_visible_to, trips_visible_to


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)


class PassportForm(forms.ModelForm):
    issued_on = VietnameseDateField(label=_("Ngày cấp"))
    expires_on = VietnameseDateField(label=_("Ngày hết hạn"))

    class Meta:
        model = Passport
        fields = ["official", "kind", "number", "issued_on", "expires_on", "storage_location"]
        widgets = {"official": forms.Select(attrs={"data-searchable": ""})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].queryset = (
            officials_visible_to(user).select_related("agency").order_by("full_name")
        )
        self.fields["official"].label_from_instance = lambda o: f"{o.full_name} – {o.agency}"
        style_for_bootstrap(self)

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()


class HandOutForm(StyledForm):
    trip = forms.ModelChoiceField(
        label=_("Chuyến đi đã được phê duyệt"), queryset=TripRequest.objects.none()
    )
    received_by = forms.CharField(label=_("Người nhận"), max_length=150, validators=[one_line])
    on_date = VietnameseDateField(label=_("Ngày giao"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)

    def __init__(self, *args, passport, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trip"].queryset = (
            trips_visible_to(user)
            .filter(status=TripRequest.Status.APPROVED, members__official_id=passport.official_id)
            .order_by("departure_date")
        )
        self.fields["trip"].label_from_instance = lambda t: (
            f"{t.title} ({t.departure_date:%d/%m/%Y} – {t.return_date:%d/%m/%Y})"
        )
        self.initial.setdefault("received_by", passport.official.full_name)
        self.initial.setdefault("on_date", timezone.localdate())


class TakeBackForm(StyledForm):
    returned_by = forms.CharField(
        label=_("Người nộp lại"), max_length=150, required=False, validators=[one_line]
    )
    on_date = VietnameseDateField(label=_("Ngày nộp lại"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on_date", timezone.localdate())


class LossForm(StyledForm):
    on_date = VietnameseDateField(label=_("Ngày báo mất"))
    note = forms.CharField(label=_("Hoàn cảnh mất"), max_length=1000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("on_date", timezone.localdate())


class CancelForm(StyledForm):
    note = forms.CharField(label=_("Lý do hủy"), max_length=1000)
