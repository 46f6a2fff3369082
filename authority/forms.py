"""The administrator's forms for bodies, positions and authorities (issue 23). They parse what
was typed; the model's rules are checked once, by authority.services (full_clean), and its
Vietnamese messages are put back on the form (`put_errors`)."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from agencies.models import Official
from authority.models import Authority, Body, Position
from authority.rules import ACTION_LABELS
from core.forms import VietnameseDateField, style_for_bootstrap
from core.widgets import SearchSelect


class ServiceValidated:
    """A ModelForm whose model is validated by the service, not a second time by the form."""

    def _post_clean(self):
        pass


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Lý do thay đổi"),
            max_length=500,
            widget=forms.Textarea({"rows": 2}),
            help_text=_("Ghi vào nhật ký thay đổi thẩm quyền."),
            error_messages={"required": _("Nhập lý do thay đổi.")},
            **kwargs,
        )


def put_errors(form, refused: ValidationError) -> None:
    """The service's messages on the form: on their field where the form has it, above the
    form otherwise."""
    errors = refused.message_dict if hasattr(refused, "error_dict") else {None: refused.messages}
    for field, messages in errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(None if field == NON_FIELD_ERRORS else target, message)


class BodyForm(ServiceValidated, forms.ModelForm):
    reason = ReasonField()

    class Meta:
        model = Body
        fields = ["name", "symbol", "header", "parent"]
        widgets = {"header": forms.Textarea({"rows": 2})}
        help_texts = {"header": _("Mỗi dòng một dòng in ở tiêu đề; để trống: in tên cơ quan.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Body.objects.exclude(pk=self.instance.pk)
        if self.instance.agency_id:
            # The name follows the agency's (authority.services.agency_body_sync).
            self.fields["name"].disabled = True
            self.fields["name"].help_text = _("Theo tên của cơ quan, đơn vị.")
        style_for_bootstrap(self)


def holder_label(user) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class PositionForm(ServiceValidated, forms.ModelForm):
    holder = forms.ModelChoiceField(
        label=_("Người giữ chức vụ"),
        # Only active logins: a deactivated account never holds a position.
        queryset=get_user_model().objects.filter(is_active=True),
        required=False,
        widget=SearchSelect(search_url=reverse_lazy("authority:holders"), label=holder_label),
    )
    starts_on = VietnameseDateField(label=_("Từ ngày"))
    ends_on = VietnameseDateField(label=_("Đến ngày"), required=False)
    reason = ReasonField()

    class Meta:
        model = Position
        fields = ["body", "title", "kind", "holder", "starts_on", "ends_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.order_by("name")
        style_for_bootstrap(self)


class ReasonForm(forms.Form):
    reason = ReasonField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_for_bootstrap(self)


OWN_BODY = _("Cơ quan, đơn vị của người được cử")


class StepForm(forms.Form):
    """One step of an authority: what is done, in which body, by which kinds of position."""

    action = forms.ChoiceField(
        label=_("Việc"), choices=[("", "—"), *ACTION_LABELS.items()], required=False
    )
    body = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Body.objects.order_by("name"), required=False
    )
    positions = forms.MultipleChoiceField(
        label=_("Chức vụ được xử lý"),
        choices=Position.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].empty_label = OWN_BODY
        style_for_bootstrap(self)
        self.fields["positions"].widget.attrs["class"] = "form-check-input"

    def is_filled(self) -> bool:
        # A row without an action nor a position is a row left empty (the body may stay
        # blank: the requesting agency's own).
        return bool(self.cleaned_data.get("action") or self.cleaned_data.get("positions"))

    def as_step(self) -> dict:
        data = self.cleaned_data
        body = data.get("body")
        return {
            "action": data.get("action") or "",
            "body": body.pk if body else None,
            "positions": list(data.get("positions") or []),
        }


class BaseStepFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def steps(self) -> list[dict]:
        """The steps in the order shown, without the rows left empty or marked to remove
        (the service says what is wrong with what is left)."""
        return [
            form.as_step()
            for form in self.forms
            if form.is_filled() and not (self.can_delete and self._should_delete_form(form))
        ]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=1, can_delete=True, max_num=10
)


def step_initial(steps) -> list[dict]:
    return [
        {"action": s.get("action"), "body": s.get("body"), "positions": s.get("positions", [])}
        for s in steps or []
        if isinstance(s, dict)
    ]


class AuthorityForm(forms.Form):
    """Which body issues the decision for a level (and kind) of official; the steps come
    from StepFormSet."""

    level = forms.ChoiceField(label=_("Diện quản lý"), choices=Official.ManagementLevel.choices)
    kind = forms.ChoiceField(
        label=_("Loại chuyến đi"), choices=Authority.TripKind.choices, required=False
    )
    issuing_body = forms.ModelChoiceField(
        label=_("Cơ quan ban hành quyết định"),
        queryset=Body.objects.order_by("name"),
        required=False,
    )
    collective = forms.BooleanField(
        label=Authority._meta.get_field("collective").verbose_name,
        help_text=Authority._meta.get_field("collective").help_text,
        required=False,
    )
    reason = ReasonField()

    def __init__(self, *args, authority=None, **kwargs):
        if authority is not None:
            kwargs.setdefault(
                "initial",
                {
                    "level": authority.level,
                    "kind": authority.kind,
                    "issuing_body": authority.issuing_body_id,
                    "collective": authority.collective,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["issuing_body"].empty_label = OWN_BODY
        self.editing = authority is not None
        if self.editing:  # a level's authority stays that level's
            self.fields["level"].disabled = self.fields["kind"].disabled = True
        style_for_bootstrap(self)

    def clean(self):
        data = super().clean()
        # The service replaces a level's authority (PUT): a new one must be new.
        taken = Authority.objects.filter(level=data.get("level"), kind=data.get("kind") or "")
        if not self.editing and taken.exists():
            raise forms.ValidationError(
                _("Diện quản lý và loại chuyến đi này đã có thẩm quyền: hãy sửa thẩm quyền đó.")
            )
        return data
