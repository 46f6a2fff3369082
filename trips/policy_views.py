"""The rules in force (Quy định đang áp dụng): every signed-in user reads them; the
administrator changes a threshold or switches a rule from the same page (issue 28)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.forms import style_for_bootstrap
from trips.policy import PolicyConfig
from trips.policy.config import profile_name
from trips.policy.document import changes, general_settings, rules_in_force, setting_label
from trips.policy.editing import editable
from trips.policy.labels import short_label
from trips.policy.registry import CODES
from trips.services.policy_settings import policy_setting_change

ON, OFF = {"bật", "on", "true", "1"}, {"tắt", "off", "false", "0"}


class PolicyChangeForm(forms.Form):
    setting = forms.ChoiceField(label=gettext_lazy("Thiết lập"))
    value = forms.CharField(
        label=gettext_lazy("Giá trị mới"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "Một số nguyên cho ngưỡng; “bật” hoặc “tắt” cho một quy định; để trống để trở về "
            "giá trị của cấu hình (môi trường hoặc bộ quy định của tỉnh)."
        ),
    )
    reason = forms.CharField(label=gettext_lazy("Lý do"), widget=forms.Textarea(attrs={"rows": 2}))
    basis = forms.CharField(label=gettext_lazy("Căn cứ pháp lý"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["setting"].choices = [
            (name, f"{name} — {short_label(name) if name in CODES else setting_label(name)}")
            for name in editable()
        ]
        style_for_bootstrap(self)  # full width: the long choices fit a phone

    def clean(self):
        data = super().clean()
        text = (data.get("value") or "").strip().lower()
        if not text:
            data["value"] = None
        elif data.get("setting") in CODES and text in ON | OFF:
            data["value"] = text in ON
        return data


@login_required
@require_http_methods(["GET", "POST"])
def policy_page(request):
    form = None
    if request.user.is_administrator:
        initial = {"setting": request.GET.get("setting", "")}
        form = PolicyChangeForm(request.POST or None, initial=initial)
    elif request.method == "POST":
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            policy_setting_change(actor=request.user, **data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Đã lưu thay đổi; áp dụng cho các hồ sơ trình từ nay."))
            return redirect(f"{reverse('trips:policy')}#{data['setting']}")
    config = PolicyConfig.from_settings()
    rules = rules_in_force(config)
    for entry in rules:  # the thresholds with their meaning, for the template to list
        entry["thresholds"] = [(setting_label(k), v) for k, v in entry["settings"].items()]
    return render(
        request,
        "trips/policy.html",
        {
            "profile": profile_name(),
            "rules": rules,
            "general": [(setting_label(k), v) for k, v in general_settings(config).items()],
            "changes": changes(limit=50),
            "form": form,
        },
        status=400 if form is not None and form.errors else 200,
    )
