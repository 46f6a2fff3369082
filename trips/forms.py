from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from core.forms import VietnameseDateField, VndField, style_for_bootstrap
from trips.country_days import DaysPerCountryField
from trips.models import TripDocument, TripRequest
from trips.policy import PolicyConfig, check, validate_trip_dates
from trips.policy.facts import MemberData, TripData
from trips.selectors import officials_usable_by, plan_lines_usable_by
from trips.services import EDITABLE_FIELDS

JUSTIFICATION_PREFIX = "justification-"


class OfficialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} – {obj.position}" if obj.position else obj.full_name


class OfficialMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} – {obj.position}" if obj.position else obj.full_name


class TripForm(forms.ModelForm):
    """A request as its author fills it in: members and plan line are chosen among what the
    author may use (trips.selectors), so a posted id from elsewhere is not a valid choice."""

    departure_date = VietnameseDateField(label=_("Ngày xuất cảnh (đi)"))
    return_date = VietnameseDateField(label=_("Ngày nhập cảnh (về)"))
    estimated_cost_vnd = VndField(label=_("Dự toán kinh phí (đồng)"), required=False)
    members = OfficialMultipleChoiceField(
        label=_("Thành viên"),
        queryset=Official.objects.none(),
        widget=forms.SelectMultiple(attrs={"data-searchable": ""}),
    )
    days_per_country = DaysPerCountryField()
    head = OfficialChoiceField(
        label=_("Trưởng đoàn"),
        queryset=Official.objects.none(),
        required=False,
        help_text=_("Bắt buộc với đoàn công tác có nhiều người."),
    )

    class Meta:
        model = TripRequest
        # What its authors edit (the service's list), less the justifications: those come
        # from the live findings panel, one text box per warning.
        fields = [name for name in EDITABLE_FIELDS if name != "justifications"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "countries": forms.SelectMultiple(attrs={"data-searchable": ""}),
        }

    # What the rules do not need: not required for the live check of a half-filled form.
    NOT_NEEDED_FOR_CHECK = ("title", "purpose", "inviter", "countries")
    # Asked of a business trip only (Kind.BUSINESS): a private trip is one person's leave, paid
    # by them, with no inviter, no delegation and no annual-plan line. Hidden on a private
    # request (static/js/app.js shows them again when the kind changes) and saved empty.
    BUSINESS_ONLY = (
        "inviter",
        "organiser_type",
        "funded_by_enterprise",
        "named_invitation_by_foreign_enterprise",
        "involves_commitment",
        "mandate_reference",
        "estimated_cost_vnd",
        "plan_line",
        "head",
        "days_per_country",
    )

    def __init__(self, *args, user, check_only=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.agency = user.agency
        if check_only:
            for name in self.NOT_NEEDED_FOR_CHECK:
                self.fields[name].required = False
        if not self.instance.pk:
            self.fields["kind"].initial = TripRequest.Kind.BUSINESS
        officials = officials_usable_by(user).order_by("full_name")
        self.fields["members"].queryset = officials
        self.fields["head"].queryset = officials
        self.fields["plan_line"].queryset = plan_lines_usable_by(user).select_related("plan")
        self.fields["plan_line"].label_from_instance = lambda line: (
            f"{line.plan.year} – {line.title}"
        )
        if not PolicyConfig.from_settings().is_enabled("DAYS_PER_COUNTRY"):
            del self.fields["days_per_country"]  # asked only while the rule is on
        style_for_bootstrap(self)
        self.fields["kind"].widget.attrs["data-trip-kind"] = ""
        self.fields["members"].widget.attrs.update(
            {
                "data-private-one-person": "",
                "data-private-one-person-text": _("Hồ sơ đi việc riêng chỉ gồm một người."),
            }
        )
        if self.instance.pk and not self.is_bound:
            memberships = list(self.instance.members.all())
            self.initial["members"] = [m.official_id for m in memberships]
            self.initial["head"] = next((m.official_id for m in memberships if m.is_head), None)

    @property
    def is_private(self) -> bool:
        """The kind as posted, else as saved, else the default for a new request."""
        if self.is_bound:
            kind = self.data.get(self.add_prefix("kind"))
        else:
            kind = self.initial.get("kind") or self.instance.kind or self.fields["kind"].initial
        return kind == TripRequest.Kind.PRIVATE

    def rows(self):
        """(field, business-only) in display order: the template hides the business-only ones
        of a private request and the script toggles them with the kind."""
        return [(field, field.name in self.BUSINESS_ONLY) for field in self]

    def clean_estimated_cost_vnd(self):
        return self.cleaned_data.get("estimated_cost_vnd") or 0

    def clean(self):
        cleaned = super().clean()
        departure, return_ = cleaned.get("departure_date"), cleaned.get("return_date")
        if departure and return_:
            try:
                validate_trip_dates(departure, return_)
            except ValidationError as error:
                self.add_error(None, error)
        if cleaned.get("kind") == TripRequest.Kind.PRIVATE:
            self._clear_business_only(cleaned)
            if len(cleaned.get("members") or []) > 1:
                self.add_error("members", _("Hồ sơ đi việc riêng chỉ gồm một người."))
        elif self.data.get("action") == "submit":
            self._require_for_submission(cleaned)
        members, head = list(cleaned.get("members") or []), cleaned.get("head")
        if head is not None and head not in members:
            members.insert(0, head)  # the head is a member, even if not picked twice
            cleaned["members"] = members
        return cleaned

    def _require_for_submission(self, cleaned):
        """A business trip goes to the reviewers with a purpose and a cost: a draft may lack
        them, a submission may not (not a rule of the letter: a complete file, POLICY.md)."""
        if "purpose" in cleaned and not (cleaned.get("purpose") or "").strip():
            self.add_error("purpose", _("Hãy ghi mục đích chuyến công tác trước khi trình."))
        if "estimated_cost_vnd" in cleaned and not cleaned.get("estimated_cost_vnd"):
            self.add_error(
                "estimated_cost_vnd",
                _("Hãy ghi dự toán kinh phí (lớn hơn 0 đồng) trước khi trình."),
            )

    def _clear_business_only(self, cleaned):
        """A private request keeps nothing of a business one, even if a hidden field was left
        filled in before the kind changed: each field back to its empty value."""
        empty = {"head": None, "plan_line": None, "estimated_cost_vnd": 0, "days_per_country": {}}
        for name in self.BUSINESS_ONLY:
            if name not in self.fields:  # not asked (days per country, its rule off)
                continue
            self._errors.pop(name, None)  # a mistake in a hidden field is not the user's
            if name in empty:
                cleaned[name] = empty[name]
            else:
                cleaned[name] = TripRequest._meta.get_field(name).get_default()

    def member_data(self) -> list[MemberData]:
        members, head = self.cleaned_data["members"], self.cleaned_data.get("head")
        return [MemberData(o.id, head is not None and o.id == head.id) for o in members]

    def justifications(self) -> dict[str, str]:
        return {
            key.removeprefix(JUSTIFICATION_PREFIX): value.strip()
            for key, value in self.data.items()
            if key.startswith(JUSTIFICATION_PREFIX) and value.strip()
        }

    def fields_for_service(self) -> dict:
        # A field the form does not ask (days per country, while its rule is off) is kept.
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}
        # Only for the warnings the request has as filled in: a box left over from an earlier
        # state of the form (the panel not yet refreshed) is not sent, since the service
        # refuses a justification for anything else.
        warnings = {f.code for f in check(self.trip_data(self.instance.pk)) if not f.is_block}
        fields["justifications"] = {
            code: text for code, text in self.justifications().items() if code in warnings
        }
        return fields

    def trip_data(self, trip_id=None) -> TripData:
        """What the rules need, from a valid form, without saving anything."""
        return TripData.from_mapping(
            self.cleaned_data,
            agency_id=self.agency.id,
            members=self.member_data(),
            trip_id=trip_id,
        )


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class NoteForm(StyledForm):
    note = forms.CharField(
        label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class DocumentForm(StyledForm):
    kind = forms.ChoiceField(label=_("Loại tài liệu"), choices=TripDocument.Kind.choices)
    file = forms.FileField(label=_("Tệp (PDF, DOCX, JPEG, PNG, tối đa 10 MB)"))
