"""The administrator changes a threshold or switches a rule (POLICY.md, additions of
2026-12-06). One transaction: the change row is the audit record (who, when, old, new, reason,
basis). A request keeps the settings stored with it at submission (approvals.services.decisions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import NotAllowed
from trips.models_policy import PolicyChange
from trips.policy import store
from trips.policy.config import PolicyConfig, base_values, with_overrides
from trips.policy.editing import clean_value, current_value


def policy_setting_change(*, actor, setting: str, value, reason: str, basis: str) -> PolicyChange:
    """Set `setting` to `value` (None: back to the environment's or the profile's value)."""
    if not getattr(actor, "is_administrator", False):
        raise NotAllowed(_("Chỉ quản trị hệ thống mới được thay đổi quy định."))
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = [_("Hãy ghi lý do thay đổi.")]
    if not (basis or "").strip():
        errors["basis"] = [_("Hãy ghi căn cứ pháp lý của thay đổi (số, ngày văn bản).")]
    if len((basis or "").strip()) > 300:
        errors["basis"] = [_("Căn cứ pháp lý dài tối đa 300 ký tự.")]
    new = clean_value(setting, value)  # raises for the setting or the value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Serialise the changes: "old" is what the previous change left.
        list(PolicyChange.objects.select_for_update().order_by("-id").values_list("id")[:1])
        changes = store.load_overrides()
        old = current_value(PolicyConfig(**with_overrides(base_values(), changes)), setting)
        after = {k: v for k, v in changes.items() if k != setting}
        if new is not None:
            after[setting] = new
        elif setting not in changes:
            raise ValidationError({"value": _("Thiết lập này chưa được thay đổi trong ứng dụng.")})
        effective = current_value(PolicyConfig(**with_overrides(base_values(), after)), setting)
        if new is not None and effective == old:
            raise ValidationError({"value": _("Giá trị mới giống giá trị đang áp dụng.")})
        change = PolicyChange.objects.create(
            actor=actor,
            setting=setting,
            old_value=old,
            new_value=new,
            note=reason.strip(),
            basis=basis.strip(),
        )
        store.forget_on_commit()
    return change
