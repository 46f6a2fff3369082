from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import SIGNS_AS_CHOICES, User
from accounts.roles import CHAIN_ROLES
from authority.substitution_rules import eligible_substitutes
from core.forms import VietnameseDateField, style_for_bootstrap


class _UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.username})" if name else user.username


class SubstitutionForm(forms.Form):
    principal = _UserChoice(
        label=_("Người ủy quyền"),
        queryset=User.objects.filter(
            is_active=True, groups__name__in=[r.value for r in CHAIN_ROLES]
        ).distinct(),
    )
    substitute = _UserChoice(label=_("Người thay thế"), queryset=User.objects.none())
    starts_on = VietnameseDateField(label=_("Từ ngày"))
    ends_on = VietnameseDateField(label=_("Đến ngày"))
    signs_as = forms.ChoiceField(
        label=_("Hình thức ký"),
        choices=[("", _("Tự xác định theo vai trò")), *SIGNS_AS_CHOICES],
        required=False,
    )
    note = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_administrator:
            # One's own substitution only: the principal is the caller.
            del self.fields["principal"]
        # Only people who may stand in (for the caller, or for some principal: the admin).
        principal = None if user.is_administrator else user
        self.fields["substitute"].queryset = eligible_substitutes(principal).order_by("username")
        style_for_bootstrap(self)
