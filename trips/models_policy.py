"""The administrator's changes of the policy's thresholds and switches (POLICY.md, additions of
2026-12-06): append-only, each with who, when, the old and new value, the reason and its legal
basis. The latest change of a setting is its value in force (trips/policy/store.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import AppendOnlyModel


class PolicyChange(AppendOnlyModel):
    # `actor` is who, `at` when, `note` the reason (AppendOnlyModel).
    setting = models.CharField(_("Thiết lập"), max_length=60, db_index=True)
    # JSON: a whole number, a rule's switch (true/false), a word (warn/block); null = back to
    # the value of the environment or the profile.
    old_value = models.JSONField(_("Giá trị cũ"), null=True, blank=True)
    new_value = models.JSONField(_("Giá trị mới"), null=True, blank=True)
    basis = models.CharField(_("Căn cứ pháp lý"), max_length=300)

    class Meta(AppendOnlyModel.Meta):
        verbose_name = _("Thay đổi quy định")
        verbose_name_plural = _("Thay đổi quy định")

    def __str__(self):
        return f"{self.setting}: {self.old_value} → {self.new_value}"

    @property
    def reason(self) -> str:
        return self.note
