from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import VietnameseDateField, style_for_bootstrap
from core.validators import one_line
from passports.models import Passport
from trips.models import TripRequest
from trips.selectors import officials_visible_to, trips_visible_to


class StyledForm(forms.Form):
    """An action's form (core.workflow.dispatch.action_form): `subject` is the passport."""

    def __init__(self, *args, subject=None, user=None, **kwargs):
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

    # Shown only once the warning below was given: the custodian confirms and saves anyway.
    confirm_second_ordinary = forms.BooleanField(
        label=_("Tôi đã kiểm tra: vẫn lưu hộ chiếu phổ thông thứ hai này"),
        required=False,
        widget=forms.HiddenInput,
    )

    def clean_number(self):
        return self.cleaned_data["number"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        others = self.other_valid_ordinary(cleaned)
        if others and not cleaned.get("confirm_second_ordinary"):
            # A warning, not a rule: a person may hold two (a lost one found again, a new one
            # issued before the old expired); the custodian looks, confirms, and saves.
            self.second_ordinary_warning = _(
                "%(name)s đã có hộ chiếu phổ thông còn hạn (số %(numbers)s). Một người thường "
                "chỉ có một hộ chiếu phổ thông còn giá trị: hãy kiểm tra lại, rồi đánh dấu xác "
                "nhận và lưu lại nếu đúng."
            ) % {"name": cleaned["official"].full_name, "numbers": ", ".join(others)}
            self.fields["confirm_second_ordinary"].widget = forms.CheckboxInput(
                attrs={"class": "form-check-input"}
            )
            self.add_error("confirm_second_ordinary", self.second_ordinary_warning)
        return cleaned

    def other_valid_ordinary(self, cleaned) -> list[str]:
        """Numbers of the official's other ordinary passports still valid (one query)."""
        official, kind = cleaned.get("official"), cleaned.get("kind")
        if official is None or kind != Passport.Kind.ORDINARY:
            return []
        others = Passport.objects.filter(
            official=official,
            kind=Passport.Kind.ORDINARY,
            expires_on__gte=timezone.localdate(),
            status__in=[Passport.Status.IN_CUSTODY, Passport.Status.HANDED_OUT],
        ).exclude(pk=self.instance.pk)
        return list(others.values_list("number", flat=True))


class HandOutForm(StyledForm):
    trip = forms.ModelChoiceField(
        label=_("Chuyến đi đã được phê duyệt"), queryset=TripRequest.objects.none()
    )
    received_by = forms.CharField(label=_("Người nhận"), max_length=150, validators=[one_line])
    on_date = VietnameseDateField(label=_("Ngày giao"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=1000)

    def __init__(self, *args, subject, user, **kwargs):
        super().__init__(*args, subject=subject, user=user, **kwargs)
        passport = subject
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
