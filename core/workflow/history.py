"""The one abstract history row of a status change (append-only, see core.history)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import AppendOnlyModel


class WorkflowHistory(AppendOnlyModel):
    """Who (`actor`, and `acting_for` when a substitute acts for someone), when (`at`), from
    and to which status, by which action, and why (`note`). A concrete model adds the FK to
    its object and sets `subject_field` to its name; snapshot fields (findings, settings in
    force) are the concrete model's own."""

    subject_field = ""

    from_status = models.CharField(_("Từ trạng thái"), max_length=20, blank=True)
    to_status = models.CharField(_("Sang trạng thái"), max_length=20)
    action = models.CharField(_("Thao tác"), max_length=30, blank=True)
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Thực hiện thay cho"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(AppendOnlyModel.Meta):
        abstract = True

    def _table(self):
        from core.workflow.table import table_for

        return table_for(self._meta.get_field(self.subject_field).related_model)

    @property
    def from_label(self):
        return self._table().status_label(self.from_status) if self.from_status else ""

    @property
    def to_label(self):
        return self._table().status_label(self.to_status)
